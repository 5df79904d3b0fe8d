package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.data.ResourceDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The organisation a field-service company runs on: action types and statuses (the product's
 * fixed settings), a small group tree (本社 > 部 > チーム), users with Japanese names, and one
 * primary membership per user. Later generators read these rows: stamps need statuses and
 * users, spots need staff.
 */
@Singleton
public class OrganizationDataGenerator implements ResourceDataGenerator {

    private record Kind(String code, String name) {
    }

    private record StatusDef(String code, String name, String actionType, String color) {
    }

    private static final List<Kind> ACTION_TYPES = List.of(
            new Kind("visit", "訪問"), new Kind("travel", "移動"), new Kind("break", "休憩"),
            new Kind("office", "事務作業"), new Kind("meeting", "会議"));

    /** In the order of a field day; the action type is the activity the stamp starts or ends. */
    private static final List<StatusDef> STATUSES = List.of(
            new StatusDef("work_start", "業務開始", null, "#607d8b"),
            new StatusDef("depart", "出発", "travel", "#1e88e5"),
            new StatusDef("arrive", "到着", "travel", "#039be5"),
            new StatusDef("visit_start", "訪問開始", "visit", "#43a047"),
            new StatusDef("visit_end", "訪問終了", "visit", "#2e7d32"),
            new StatusDef("break_start", "休憩開始", "break", "#fb8c00"),
            new StatusDef("break_end", "休憩終了", "break", "#ef6c00"),
            new StatusDef("office_start", "事務作業開始", "office", "#8e24aa"),
            new StatusDef("office_end", "事務作業終了", "office", "#6a1b9a"),
            new StatusDef("meeting_start", "会議開始", "meeting", "#00897b"),
            new StatusDef("meeting_end", "会議終了", "meeting", "#00695c"),
            new StatusDef("return", "帰社", "travel", "#5e35b1"),
            new StatusDef("work_end", "業務終了", null, "#455a64"));

    private static final List<String> DEPARTMENTS = List.of("営業1部", "営業2部", "サービス部", "技術部", "管理部", "営業3部");

    /** Teams are named after the Tokyo wards they cover. */
    private static final List<String> AREAS = List.of("千代田", "中央", "港", "新宿", "文京", "台東", "墨田", "江東",
            "品川", "目黒", "大田", "世田谷", "渋谷", "中野", "杉並", "豊島", "北", "荒川", "板橋", "練馬", "足立", "葛飾",
            "江戸川");

    private static final String[][] SURNAMES = {
            {"佐藤", "サトウ", "sato"}, {"鈴木", "スズキ", "suzuki"}, {"高橋", "タカハシ", "takahashi"},
            {"田中", "タナカ", "tanaka"}, {"伊藤", "イトウ", "ito"}, {"渡辺", "ワタナベ", "watanabe"},
            {"山本", "ヤマモト", "yamamoto"}, {"中村", "ナカムラ", "nakamura"}, {"小林", "コバヤシ", "kobayashi"},
            {"加藤", "カトウ", "kato"}, {"吉田", "ヨシダ", "yoshida"}, {"山田", "ヤマダ", "yamada"},
            {"佐々木", "ササキ", "sasaki"}, {"山口", "ヤマグチ", "yamaguchi"}, {"松本", "マツモト", "matsumoto"},
            {"井上", "イノウエ", "inoue"}, {"木村", "キムラ", "kimura"}, {"林", "ハヤシ", "hayashi"},
            {"斎藤", "サイトウ", "saito"}, {"清水", "シミズ", "shimizu"}, {"山崎", "ヤマザキ", "yamazaki"},
            {"森", "モリ", "mori"}, {"池田", "イケダ", "ikeda"}, {"橋本", "ハシモト", "hashimoto"},
            {"阿部", "アベ", "abe"}, {"石川", "イシカワ", "ishikawa"}, {"山下", "ヤマシタ", "yamashita"},
            {"中島", "ナカジマ", "nakajima"}, {"石井", "イシイ", "ishii"}, {"小川", "オガワ", "ogawa"}};

    private static final String[][] GIVEN_NAMES = {
            {"一郎", "イチロウ", "ichiro"}, {"健太", "ケンタ", "kenta"}, {"大輔", "ダイスケ", "daisuke"},
            {"翔太", "ショウタ", "shota"}, {"拓也", "タクヤ", "takuya"}, {"直樹", "ナオキ", "naoki"},
            {"誠", "マコト", "makoto"}, {"亮", "リョウ", "ryo"}, {"浩二", "コウジ", "koji"},
            {"達也", "タツヤ", "tatsuya"}, {"和也", "カズヤ", "kazuya"}, {"雄太", "ユウタ", "yuta"},
            {"隆", "タカシ", "takashi"}, {"修", "オサム", "osamu"}, {"博之", "ヒロユキ", "hiroyuki"},
            {"花子", "ハナコ", "hanako"}, {"美咲", "ミサキ", "misaki"}, {"陽子", "ヨウコ", "yoko"},
            {"恵", "メグミ", "megumi"}, {"由美", "ユミ", "yumi"}, {"真由美", "マユミ", "mayumi"},
            {"裕子", "ユウコ", "yuko"}, {"明美", "アケミ", "akemi"}, {"彩", "アヤ", "aya"},
            {"麻衣", "マイ", "mai"}, {"愛", "アイ", "ai"}, {"智子", "トモコ", "tomoko"},
            {"直美", "ナオミ", "naomi"}, {"久美子", "クミコ", "kumiko"}, {"千尋", "チヒロ", "chihiro"}};

    private final GroupRepository groups;
    private final UserRepository users;
    private final StatusRepository statuses;

    public OrganizationDataGenerator(GroupRepository groups, UserRepository users, StatusRepository statuses) {
        this.groups = groups;
        this.users = users;
        this.statuses = statuses;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void generate(ResourceVolume volume, SplittableRandom random) {
        // The organisation exists before the history: set up two months before its first day.
        Instant start = volume.until().minus(Duration.ofDays(volume.days() + 60L)).truncatedTo(ChronoUnit.DAYS);
        Ids ids = new Ids(random);
        statusesAndActionTypes(start, ids);
        Tree tree = groupTree(volume.groups(), start.plus(Duration.ofHours(1)), ids);
        people(volume.users(), tree, start.plus(Duration.ofDays(1)), ids, random);
    }

    private void statusesAndActionTypes(Instant at, Ids ids) {
        List<OrgActionType> types = new ArrayList<>();
        Map<String, UUID> byCode = new java.util.HashMap<>();
        for (int i = 0; i < ACTION_TYPES.size(); i++) {
            Kind kind = ACTION_TYPES.get(i);
            OrgActionType type = new OrgActionType(ids.next(at.plusSeconds(i)), kind.code(), kind.name(), i + 1);
            types.add(type);
            byCode.put(kind.code(), type.id());
        }
        List<OrgStatus> rows = new ArrayList<>();
        for (int i = 0; i < STATUSES.size(); i++) {
            StatusDef s = STATUSES.get(i);
            rows.add(new OrgStatus(ids.next(at.plusSeconds(100 + i)), s.code(), s.name(),
                    s.actionType() == null ? null : byCode.get(s.actionType()), s.color(), (i + 1) * 10));
        }
        statuses.insertActionTypes(types);
        statuses.insertStatuses(rows);
    }

    /** The groups, and the leaves (groups without subgroups, other than the root) staff work in. */
    private record Tree(OrgGroup root, List<OrgGroup> departments, List<OrgGroup> teams, List<OrgGroup> leaves) {
    }

    private Tree groupTree(int count, Instant at, Ids ids) {
        if (count < 1) {
            return null;
        }
        List<OrgGroup> all = new ArrayList<>();
        OrgGroup root = group(ids, at, "G-HQ", "本社", null, 0);
        all.add(root);
        int departmentCount = Math.min(count - 1, DEPARTMENTS.size());
        List<OrgGroup> departments = new ArrayList<>();
        for (int d = 0; d < departmentCount; d++) {
            OrgGroup department = group(ids, at.plusSeconds(60L * (d + 1)), String.format("G-D%02d", d + 1),
                    DEPARTMENTS.get(d), root.id(), d + 1);
            departments.add(department);
            all.add(department);
        }
        // Teams go to the field departments (sales, service, technical), not to 管理部.
        int fieldDepartments = Math.min(departmentCount, 4);
        List<OrgGroup> teams = new ArrayList<>();
        int teamCount = count - 1 - departmentCount;
        for (int t = 0; t < teamCount; t++) {
            String area = AREAS.get(t % AREAS.size()) + (t < AREAS.size() ? "" : "第" + (t / AREAS.size() + 1));
            OrgGroup parent = departments.get(t % fieldDepartments);
            OrgGroup team = group(ids, at.plusSeconds(3600L + 60L * t), String.format("G-T%03d", t + 1), area + "チーム",
                    parent.id(), t / fieldDepartments + 1);
            teams.add(team);
            all.add(team);
        }
        groups.insertAll(all);
        List<OrgGroup> leaves = new ArrayList<>(teams);
        for (OrgGroup department : departments) {
            if (teams.stream().noneMatch(t -> department.id().equals(t.parentId()))) {
                leaves.add(department);
            }
        }
        if (leaves.isEmpty()) {
            leaves.add(root);
        }
        return new Tree(root, departments, teams, leaves);
    }

    private static OrgGroup group(Ids ids, Instant at, String code, String name, UUID parentId, int sortOrder) {
        return new OrgGroup(ids.next(at), code, name, parentId, sortOrder, 1, at, at);
    }

    /**
     * An administrator in 本社, a manager heading each department (部長) and team
     * (リーダー), and field staff spread over the leaves; a few work for a second group as well,
     * and one in 25 has left (inactive, history kept).
     */
    private void people(int count, Tree tree, Instant at, Ids ids, SplittableRandom random) {
        if (count < 1 || tree == null) {
            return;
        }
        List<int[]> names = new ArrayList<>();
        for (int s = 0; s < SURNAMES.length; s++) {
            for (int g = 0; g < GIVEN_NAMES.length; g++) {
                names.add(new int[]{s, g});
            }
        }
        for (int i = names.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] swap = names.get(i);
            names.set(i, names.get(j));
            names.set(j, swap);
        }
        List<OrgGroup> heads = new ArrayList<>(tree.departments());
        heads.addAll(tree.teams());
        List<OrgUser> userRows = new ArrayList<>(count);
        List<OrgMembership> memberships = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = at.plusSeconds(60L * i);
            int[] name = names.get(i % names.size());
            String[] surname = SURNAMES[name[0]];
            String[] given = GIVEN_NAMES[name[1]];
            String suffix = i < names.size() ? "" : String.valueOf(i / names.size() + 1);
            OrgUser.Role role;
            OrgGroup primary;
            String position;
            if (i == 0) {
                role = OrgUser.Role.ADMIN;
                primary = tree.root();
                position = null;
            } else if (i <= heads.size()) {
                role = OrgUser.Role.MANAGER;
                primary = heads.get(i - 1);
                position = i <= tree.departments().size() ? "部長" : "リーダー";
            } else {
                role = OrgUser.Role.MEMBER;
                primary = tree.leaves().get(random.nextInt(tree.leaves().size()));
                position = random.nextInt(8) == 0 ? "主任" : null;
            }
            boolean active = role != OrgUser.Role.MEMBER || i % 25 != 24;
            UUID userId = ids.next(created);
            userRows.add(new OrgUser(userId, String.format("E%05d", 10001 + i), surname[0] + " " + given[0],
                    surname[1] + " " + given[1], given[2] + "." + surname[2] + suffix + "@example.com", mobile(random),
                    role, active, List.of(), 1, created, created));
            memberships.add(new OrgMembership(ids.next(created.plusMillis(1)), userId, primary.id(), true, position, 1,
                    created, created));
            if (role == OrgUser.Role.MEMBER && tree.leaves().size() > 1 && random.nextInt(12) == 0) {
                OrgGroup second = tree.leaves().get(random.nextInt(tree.leaves().size()));
                if (!second.id().equals(primary.id())) {
                    memberships.add(new OrgMembership(ids.next(created.plusMillis(2)), userId, second.id(), false, "兼務",
                            1, created, created));
                }
            }
        }
        users.insertAll(userRows);
        users.insertMemberships(memberships);
    }

    private static String mobile(SplittableRandom random) {
        String[] prefixes = {"090", "080", "070"};
        return String.format("%s-%04d-%04d", prefixes[random.nextInt(prefixes.length)], random.nextInt(10_000),
                random.nextInt(10_000));
    }

    /**
     * UUIDv7 (RFC 9562 §5.7) from the row's creation time and the seeded random source: the same
     * seed gives the same IDs, and id order is creation order as for rows the API creates.
     */
    private static final class Ids {
        private final SplittableRandom random;

        Ids(SplittableRandom random) {
            this.random = random;
        }

        UUID next(Instant at) {
            long msb = (at.toEpochMilli() << 16) | (0x7L << 12) | random.nextInt(1 << 12);
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb);
        }
    }
}
