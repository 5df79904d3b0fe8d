package dev.renkei.server.resource.spot;

import dev.renkei.server.resource.data.ResourceDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.db.Ids;
import jakarta.inject.Singleton;

import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.ts;

/**
 * Spots in and around Tokyo with addresses, coordinates, customer contacts, staff in charge (the
 * organisation's users) and tags. Spots are created over the history window, oldest first, so
 * their IDs (UUIDv7, time-ordered) follow their creation time as real ones would.
 */
@Singleton
public class SpotDataGenerator implements ResourceDataGenerator {

    private static final String[][] TAGS = {
            {"重点顧客", "#e53935"}, {"新規開拓", "#fb8c00"}, {"定期訪問", "#43a047"}, {"保守契約", "#1e88e5"},
            {"休眠", "#757575"}, {"代理店", "#8e24aa"}};
    /** Ward, town, centre latitude and longitude. */
    private static final Object[][] AREAS = {
            {"中央区", "銀座", 35.6717, 139.7650}, {"千代田区", "丸の内", 35.6812, 139.7671}, {"港区", "芝浦", 35.6420, 139.7480},
            {"新宿区", "西新宿", 35.6896, 139.6922}, {"渋谷区", "道玄坂", 35.6580, 139.6980}, {"品川区", "大崎", 35.6197, 139.7286},
            {"江東区", "豊洲", 35.6550, 139.7960}, {"台東区", "上野", 35.7138, 139.7770}, {"豊島区", "池袋", 35.7295, 139.7109},
            {"墨田区", "押上", 35.7101, 139.8135}};
    private static final String[] KINDS = {"ビル", "商事", "工業", "クリニック", "ストア", "物流センター", "ホテル", "製作所"};
    private static final String[] KINDS_KANA = {"ビル", "ショウジ", "コウギョウ", "クリニック", "ストア", "ブツリュウセンター", "ホテル", "セイサクショ"};
    private static final String[] NAMES = {"さくら", "青葉", "富士", "東和", "大和", "みなと", "日本橋", "若葉", "朝日", "光陽"};
    private static final String[] NAMES_KANA = {"サクラ", "アオバ", "フジ", "トウワ", "ヤマト", "ミナト", "ニホンバシ", "ワカバ", "アサヒ", "コウヨウ"};
    private static final String[] FAMILY = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"};
    private static final String[] GIVEN = {"花子", "太郎", "美咲", "健一", "由美", "大輔", "直子", "翔太"};
    private static final String[] DEPARTMENTS = {"総務部", "購買部", "施設管理課", "営業部", "店舗運営部"};
    private static final String[] TITLES = {"部長", "課長", "係長", "主任", "担当"};

    private final Db db;

    public SpotDataGenerator(Db db) {
        this.db = db;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public void generate(ResourceVolume volume, SplittableRandom random) {
        Instant start = volume.until().minus(Duration.ofDays(volume.days()));
        List<UUID> tagIds = new ArrayList<>();
        List<Object[]> tags = new ArrayList<>();
        for (int i = 0; i < TAGS.length; i++) {
            UUID id = Ids.newId();
            tagIds.add(id);
            tags.add(new Object[] {id, TAGS[i][0], TAGS[i][1], i + 1});
        }
        db.batch("INSERT INTO rs_spot_tag (id, name, color, sort_order) VALUES (?, ?, ?, ?)", tags, (s, t) -> {
            s.setObject(1, t[0]);
            s.setString(2, (String) t[1]);
            s.setString(3, (String) t[2]);
            s.setInt(4, (Integer) t[3]);
        });
        List<UUID> users = db.list("SELECT id FROM rs_user WHERE active ORDER BY id", s -> { }, r -> Db.uuid(r, "id"));

        long span = Duration.between(start, volume.until()).toMillis();
        int batchSize = 5_000;
        for (int from = 0; from < volume.spots(); from += batchSize) {
            int to = Math.min(volume.spots(), from + batchSize);
            List<Object[]> spots = new ArrayList<>();
            List<Object[]> contacts = new ArrayList<>();
            List<Object[]> staff = new ArrayList<>();
            List<Object[]> links = new ArrayList<>();
            for (int n = from; n < to; n++) {
                Instant created = start.plusMillis(span * n / Math.max(1, volume.spots()));
                UUID id = Ids.newId(created);
                Object[] area = AREAS[random.nextInt(AREAS.length)];
                int name = random.nextInt(NAMES.length);
                int kind = random.nextInt(KINDS.length);
                int block = 1 + random.nextInt(9);
                double lat = (Double) area[2] + (random.nextDouble() - 0.5) * 0.02;
                double lng = (Double) area[3] + (random.nextDouble() - 0.5) * 0.02;
                spots.add(new Object[] {id, String.format("C-%06d", n + 1), NAMES[name] + KINDS[kind] + " " + area[1] + (n + 1),
                        NAMES_KANA[name] + KINDS_KANA[kind], String.format("1%02d-%04d", random.nextInt(100), random.nextInt(10000)),
                        area[0], (String) area[1] + block + "丁目" + (1 + random.nextInt(20)) + "番" + (1 + random.nextInt(15)) + "号",
                        Math.round(lat * 1e6) / 1e6, Math.round(lng * 1e6) / 1e6,
                        String.format("03-%04d-%04d", random.nextInt(10000), random.nextInt(10000)), created});
                for (int c = random.nextInt(3); c > 0; c--) {
                    contacts.add(new Object[] {Ids.newId(created), id, FAMILY[random.nextInt(FAMILY.length)] + " "
                            + GIVEN[random.nextInt(GIVEN.length)], DEPARTMENTS[random.nextInt(DEPARTMENTS.length)],
                            TITLES[random.nextInt(TITLES.length)], String.format("03-%04d-%04d", random.nextInt(10000),
                            random.nextInt(10000)), "contact" + n + "-" + c + "@example.co.jp", created});
                }
                if (!users.isEmpty()) {
                    UUID main = users.get(random.nextInt(users.size()));
                    staff.add(new Object[] {id, main, "main", created});
                    UUID sub = users.get(random.nextInt(users.size()));
                    if (!sub.equals(main) && random.nextInt(3) == 0) {
                        staff.add(new Object[] {id, sub, "sub", created});
                    }
                }
                int first = random.nextInt(tagIds.size());
                links.add(new Object[] {Ids.newId(created), id, tagIds.get(first), created});
                if (random.nextInt(4) == 0) {
                    links.add(new Object[] {Ids.newId(created), id, tagIds.get((first + 1 + random.nextInt(tagIds.size() - 1))
                            % tagIds.size()), created});
                }
            }
            db.batch("INSERT INTO rs_spot (id, code, name, name_kana, postal_code, prefecture, city, street, latitude, longitude, "
                    + "phone, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '東京都', ?, ?, ?, ?, ?, 1, ?, ?)", spots, (s, r) -> {
                for (int i = 0; i < 7; i++) {
                    s.setObject(i + 1, r[i]);
                }
                s.setObject(8, r[7], Types.DOUBLE);
                s.setObject(9, r[8], Types.DOUBLE);
                s.setString(10, (String) r[9]);
                s.setTimestamp(11, ts((Instant) r[10]));
                s.setTimestamp(12, ts((Instant) r[10]));
            });
            db.batch("INSERT INTO rs_spot_contact (id, spot_id, name, department, title, phone, email, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", contacts, (s, r) -> {
                for (int i = 0; i < 7; i++) {
                    s.setObject(i + 1, r[i]);
                }
                s.setTimestamp(8, ts((Instant) r[7]));
            });
            db.batch("INSERT INTO rs_spot_staff (spot_id, user_id, role, assigned_at) VALUES (?, ?, ?, ?)", staff, (s, r) -> {
                s.setObject(1, r[0]);
                s.setObject(2, r[1]);
                s.setString(3, (String) r[2]);
                s.setTimestamp(4, ts((Instant) r[3]));
            });
            db.batch("INSERT INTO rs_spot_tag_link (id, spot_id, tag_id, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
                    links, (s, r) -> {
                        s.setObject(1, r[0]);
                        s.setObject(2, r[1]);
                        s.setObject(3, r[2]);
                        s.setTimestamp(4, ts((Instant) r[3]));
                        s.setTimestamp(5, ts((Instant) r[3]));
                    });
        }
    }
}
