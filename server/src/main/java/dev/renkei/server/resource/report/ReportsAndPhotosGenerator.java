package dev.renkei.server.resource.report;

import dev.renkei.server.resource.data.ResourceDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.resource.photo.TinyImages;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Date;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.ts;

/**
 * Reports and photos (order 400): report definitions and reports, photo tags, spot photos with
 * their images and metadata, and the spot sorting structures. Reads users and spots from the
 * database; without users it makes no reports or photos, without spots no photos or assignments.
 */
@Singleton
public class ReportsAndPhotosGenerator implements ResourceDataGenerator {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** Spots per sorting node; the contract lists at most 500 spot IDs on a node. */
    private static final int NODE_CAPACITY = 400;
    /** Rows kept in memory before a batch goes to the database. */
    private static final int CHUNK = 2_000;

    private static final String[] WARDS = {"中央区", "千代田区", "港区", "新宿区", "渋谷区", "品川区", "目黒区", "大田区",
        "世田谷区", "中野区", "杉並区", "豊島区", "北区", "荒川区", "板橋区", "練馬区", "足立区", "葛飾区", "江戸川区",
        "台東区", "墨田区", "江東区", "文京区"};
    private static final String[] CAPTIONS = {"正面入口", "外観全景", "店内レイアウト", "看板", "駐車場入口", "搬入口", "受付",
        "設備銘板", "分電盤", "空調室外機", "納品場所", "作業完了後"};
    private static final String[] NOTES = {"看板の照明が一部切れている", "搬入口は建物裏側", "駐車スペースは2台分",
        "次回は脚立が必要", "入館時に受付で名刺を提示", "雨天時は通用口を使用"};
    private static final String[] WEATHER = {"晴れ", "曇り", "雨", "小雨"};
    private static final String[] DIRECTIONS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    private static final String[] CONTACTS = {"山田様", "佐藤様", "鈴木様", "高橋様", "田中様", "伊藤様", "渡辺様", "中村様"};
    private static final String[] FINDINGS = {"異音なし、動作良好", "フィルターに汚れあり清掃済み", "配線の被覆に劣化あり",
        "次回点検時に部品交換を推奨", "設定温度を調整済み"};
    private static final String[] WORK = {"定期巡回と在庫確認", "新規顧客への提案資料作成", "見積書の作成と送付",
        "既存顧客へのフォロー電話", "展示会準備"};

    private record FieldSpec(String label, String type, boolean required, @Nullable String[] options,
                             @Nullable String unit) {
    }

    private record DefinitionSpec(String name, String description, boolean active, int weight,
                                  List<FieldSpec> fields) {
    }

    private static final List<DefinitionSpec> DEFINITIONS = List.of(
            new DefinitionSpec("営業日報", "訪問ごとに提出する営業報告", true, 50, List.of(
                    new FieldSpec("訪問目的", "select", true, new String[] {"新規開拓", "定期訪問", "クレーム対応", "納品立会い"}, null),
                    new FieldSpec("面談者", "text", false, null, null),
                    new FieldSpec("訪問結果", "select", true, new String[] {"受注", "継続商談", "失注", "不在"}, null),
                    new FieldSpec("見積金額", "number", false, null, "円"),
                    new FieldSpec("次回訪問予定日", "date", false, null, null),
                    new FieldSpec("上長確認済み", "checkbox", false, null, null),
                    new FieldSpec("現場写真", "image", false, null, null))),
            new DefinitionSpec("設備点検報告", "空調・電気設備の定期点検", true, 25, List.of(
                    new FieldSpec("点検結果", "select", true, new String[] {"正常", "要注意", "要修理"}, null),
                    new FieldSpec("吹出口温度", "number", true, null, "℃"),
                    new FieldSpec("点検日", "date", true, null, null),
                    new FieldSpec("部品交換あり", "checkbox", true, null, null),
                    new FieldSpec("所見", "text", false, null, null),
                    new FieldSpec("点検写真", "image", true, null, null))),
            new DefinitionSpec("配送完了報告", "納品時の受領確認", true, 20, List.of(
                    new FieldSpec("受領者", "text", true, null, null),
                    new FieldSpec("個数", "number", true, null, "個"),
                    new FieldSpec("受領サイン取得", "checkbox", true, null, null),
                    new FieldSpec("納品写真", "image", false, null, null))),
            new DefinitionSpec("日次業務報告（旧）", "2026年10月まで使用していた日報", false, 5, List.of(
                    new FieldSpec("業務内容", "text", true, null, null),
                    new FieldSpec("作業時間", "number", true, null, "時間"))));

    private static final String[][] PHOTO_TAGS = {{"外観", "#43a047"}, {"内観", "#1e88e5"}, {"看板", "#fb8c00"},
        {"駐車場", "#8e24aa"}, {"搬入口", "#6d4c41"}, {"設備", "#00897b"}, {"施工前", "#e53935"}, {"施工後", "#3949ab"}};

    private final Db db;

    public ReportsAndPhotosGenerator(Db db) {
        this.db = db;
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public void generate(ResourceVolume volume, SplittableRandom random) {
        Instant setUp = volume.until().minus(Duration.ofDays(volume.days() + 30L)).truncatedTo(ChronoUnit.SECONDS);
        List<UUID> users = db.list("SELECT id FROM rs_user WHERE active ORDER BY id", s -> { }, r -> r.getObject(1, UUID.class));
        record SpotRow(UUID id, @Nullable String city) {
        }
        List<SpotRow> spots = db.list("SELECT id, city FROM rs_spot ORDER BY id", s -> { },
                r -> new SpotRow(r.getObject(1, UUID.class), r.getString(2)));
        Images images = new Images(random.split(), volume.photos() > 1_000 ? 48 : 12);

        List<UUID> tagIds = photoTags(random, setUp);
        List<Definition> definitions = reportDefinitions(random, setUp);
        Map<UUID, List<UUID>> photoImagesBySpot = new HashMap<>();
        if (!users.isEmpty() && !spots.isEmpty()) {
            photoImagesBySpot = photos(volume, random.split(), users, spots.stream().map(SpotRow::id).toList(), tagIds, images);
        }
        if (!users.isEmpty()) {
            reports(volume, random.split(), users, spots.stream().map(SpotRow::id).toList(), definitions, images,
                    photoImagesBySpot);
        }
        Map<UUID, String> cityBySpot = new LinkedHashMap<>();
        spots.forEach(s -> cityBySpot.put(s.id(), s.city()));
        sorting(volume, random.split(), setUp, cityBySpot);
    }

    // ---- photo tags and photos ----

    private List<UUID> photoTags(SplittableRandom random, Instant setUp) {
        List<UUID> ids = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < PHOTO_TAGS.length; i++) {
            ids.add(uuid7(setUp.toEpochMilli() + i, random));
            order.add(i);
        }
        db.batch("INSERT INTO rs_spot_photo_tag (id, name, color, sort_order) VALUES (?, ?, ?, ?)", order, (s, i) -> {
            s.setObject(1, ids.get(i));
            s.setString(2, PHOTO_TAGS[i][0]);
            s.setString(3, PHOTO_TAGS[i][1]);
            s.setInt(4, i + 1);
        });
        return ids;
    }

    private record Photo(UUID id, UUID spotId, UUID imageId, UUID userId, Instant takenAt, List<UUID> tags,
                         String caption, @Nullable String direction, @Nullable String note, String custom) {
    }

    /** Photos with their images, tags and metadata; answers the image IDs of each spot's photos. */
    private Map<UUID, List<UUID>> photos(ResourceVolume volume, SplittableRandom random, List<UUID> users,
                                         List<UUID> spots, List<UUID> tagIds, Images images) {
        Map<UUID, List<UUID>> imagesBySpot = new HashMap<>();
        List<Photo> chunk = new ArrayList<>();
        for (int n = 0; n < volume.photos(); n++) {
            Instant takenAt = businessTime(volume, random);
            UUID spot = spots.get(random.nextInt(spots.size()));
            UUID image = images.add(takenAt);
            List<UUID> tags = new ArrayList<>();
            int tagCount = random.nextInt(10) < 7 ? 1 + random.nextInt(2) : 0;
            while (tags.size() < tagCount) {
                UUID tag = tagIds.get(random.nextInt(tagIds.size()));
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            String custom = random.nextBoolean()
                    ? "{\"天候\": \"" + WEATHER[random.nextInt(WEATHER.length)] + "\"}" : "{}";
            chunk.add(new Photo(uuid7(takenAt.toEpochMilli(), random), spot, image,
                    users.get(random.nextInt(users.size())), takenAt, tags, CAPTIONS[random.nextInt(CAPTIONS.length)],
                    random.nextInt(10) < 6 ? DIRECTIONS[random.nextInt(DIRECTIONS.length)] : null,
                    random.nextInt(10) < 3 ? NOTES[random.nextInt(NOTES.length)] : null, custom));
            imagesBySpot.computeIfAbsent(spot, k -> new ArrayList<>()).add(image);
            if (chunk.size() == CHUNK) {
                images.flush();
                insertPhotos(chunk);
            }
        }
        images.flush();
        insertPhotos(chunk);
        return imagesBySpot;
    }

    private void insertPhotos(List<Photo> photos) {
        db.batch("INSERT INTO rs_spot_photo (id, spot_id, image_id, user_id, taken_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", photos, (s, p) -> {
            s.setObject(1, p.id());
            s.setObject(2, p.spotId());
            s.setObject(3, p.imageId());
            s.setObject(4, p.userId());
            s.setTimestamp(5, ts(p.takenAt()));
            s.setTimestamp(6, ts(p.takenAt()));
            s.setTimestamp(7, ts(p.takenAt()));
        });
        db.batch("INSERT INTO rs_spot_photo_metadata (photo_id, caption, direction, note, custom) VALUES (?, ?, ?, ?, ?::jsonb)",
                photos, (s, p) -> {
                    s.setObject(1, p.id());
                    s.setString(2, p.caption());
                    s.setString(3, p.direction());
                    s.setString(4, p.note());
                    s.setString(5, p.custom());
                });
        record Link(UUID photo, UUID tag) {
        }
        List<Link> links = new ArrayList<>();
        photos.forEach(p -> p.tags().forEach(t -> links.add(new Link(p.id(), t))));
        db.batch("INSERT INTO rs_spot_photo_tag_link (photo_id, tag_id) VALUES (?, ?)", links, (s, l) -> {
            s.setObject(1, l.photo());
            s.setObject(2, l.tag());
        });
        photos.clear();
    }

    // ---- report definitions and reports ----

    private record Field(UUID id, FieldSpec spec) {
    }

    private record Definition(UUID id, DefinitionSpec spec, List<Field> fields) {
    }

    private List<Definition> reportDefinitions(SplittableRandom random, Instant setUp) {
        List<Definition> definitions = new ArrayList<>();
        for (DefinitionSpec spec : DEFINITIONS) {
            List<Field> fields = new ArrayList<>();
            spec.fields().forEach(f -> fields.add(new Field(uuid7(setUp.toEpochMilli(), random), f)));
            definitions.add(new Definition(uuid7(setUp.toEpochMilli(), random), spec, fields));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            order.add(i);
        }
        db.batch("INSERT INTO rs_report_definition (id, name, description, active, sort_order, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", order, (s, i) -> {
            Definition d = definitions.get(i);
            s.setObject(1, d.id());
            s.setString(2, d.spec().name());
            s.setString(3, d.spec().description());
            s.setBoolean(4, d.spec().active());
            s.setInt(5, i + 1);
            s.setTimestamp(6, ts(setUp));
            s.setTimestamp(7, ts(setUp));
        });
        record FieldRow(UUID definition, int position, Field field) {
        }
        List<FieldRow> rows = new ArrayList<>();
        definitions.forEach(d -> {
            for (int i = 0; i < d.fields().size(); i++) {
                rows.add(new FieldRow(d.id(), i + 1, d.fields().get(i)));
            }
        });
        db.batch("INSERT INTO rs_report_field (id, definition_id, label, type, required, sort_order, options, unit) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows, (s, r) -> {
            FieldSpec f = r.field().spec();
            s.setObject(1, r.field().id());
            s.setObject(2, r.definition());
            s.setString(3, f.label());
            s.setString(4, f.type());
            s.setBoolean(5, f.required());
            s.setInt(6, r.position());
            s.setArray(7, f.options() == null ? null : db.textArray(List.of(f.options())));
            s.setString(8, f.unit());
        });
        return definitions;
    }

    private record ReportRow(UUID id, UUID definition, UUID user, @Nullable UUID spot, Instant submittedAt) {
    }

    private record ValueRow(UUID report, UUID field, int ordinal, @Nullable String text, @Nullable Double number,
                            @Nullable LocalDate date, @Nullable Boolean bool, @Nullable UUID image) {
    }

    private void reports(ResourceVolume volume, SplittableRandom random, List<UUID> users, List<UUID> spots,
                         List<Definition> definitions, Images images, Map<UUID, List<UUID>> photoImagesBySpot) {
        int totalWeight = definitions.stream().mapToInt(d -> d.spec().weight()).sum();
        Instant retiredAfter = volume.until().minus(Duration.ofDays(Math.max(1, volume.days() / 2)));
        List<ReportRow> reports = new ArrayList<>();
        List<ValueRow> values = new ArrayList<>();
        for (int n = 0; n < volume.reports(); n++) {
            Instant submittedAt = businessTime(volume, random);
            Definition definition = pick(definitions, random.nextInt(totalWeight));
            if (!definition.spec().active() && submittedAt.isAfter(retiredAfter)) {
                definition = definitions.get(0);
            }
            UUID spot = spots.isEmpty() || random.nextInt(10) == 0 ? null : spots.get(random.nextInt(spots.size()));
            UUID report = uuid7(submittedAt.toEpochMilli(), random);
            reports.add(new ReportRow(report, definition.id(), users.get(random.nextInt(users.size())), spot, submittedAt));
            LocalDate day = LocalDate.ofInstant(submittedAt, JST);
            for (Field field : definition.fields()) {
                if (!field.spec().required() && random.nextInt(10) < 3) {
                    continue;
                }
                switch (field.spec().type()) {
                    case "text" -> values.add(new ValueRow(report, field.id(), 0, text(field.spec().label(), random),
                            null, null, null, null));
                    case "number" -> values.add(new ValueRow(report, field.id(), 0, null,
                            number(field.spec().unit(), random), null, null, null));
                    case "date" -> values.add(new ValueRow(report, field.id(), 0, null, null,
                            field.spec().label().contains("予定") ? day.plusDays(7 + random.nextInt(24)) : day, null, null));
                    case "select" -> values.add(new ValueRow(report, field.id(), 0,
                            field.spec().options()[random.nextInt(field.spec().options().length)], null, null, null, null));
                    case "checkbox" -> values.add(new ValueRow(report, field.id(), 0, null, null, null,
                            random.nextBoolean(), null));
                    default -> {
                        int count = 1 + (random.nextInt(4) == 0 ? 1 : 0);
                        List<UUID> shotHere = spot == null ? List.of() : photoImagesBySpot.getOrDefault(spot, List.of());
                        for (int i = 0; i < count; i++) {
                            // Some reports show a photo taken at the spot: deleting that photo keeps the image.
                            UUID image = !shotHere.isEmpty() && random.nextInt(10) < 3
                                    ? shotHere.get(random.nextInt(shotHere.size())) : images.add(submittedAt);
                            if (i == 1 && values.get(values.size() - 1).image().equals(image)) {
                                break;
                            }
                            values.add(new ValueRow(report, field.id(), i, null, null, null, null, image));
                        }
                    }
                }
            }
            if (reports.size() == CHUNK) {
                images.flush();
                insertReports(reports, values);
            }
        }
        images.flush();
        insertReports(reports, values);
    }

    private void insertReports(List<ReportRow> reports, List<ValueRow> values) {
        db.batch("INSERT INTO rs_report (id, definition_id, user_id, spot_id, submitted_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", reports, (s, r) -> {
            s.setObject(1, r.id());
            s.setObject(2, r.definition());
            s.setObject(3, r.user());
            s.setObject(4, r.spot());
            s.setTimestamp(5, ts(r.submittedAt()));
            s.setTimestamp(6, ts(r.submittedAt()));
            s.setTimestamp(7, ts(r.submittedAt()));
        });
        db.batch("INSERT INTO rs_report_value (report_id, field_id, ordinal, text_value, number_value, date_value, "
                + "bool_value, image_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values, (s, v) -> {
            s.setObject(1, v.report());
            s.setObject(2, v.field());
            s.setInt(3, v.ordinal());
            s.setString(4, v.text());
            if (v.number() == null) {
                s.setNull(5, Types.DOUBLE);
            } else {
                s.setDouble(5, v.number());
            }
            s.setDate(6, v.date() == null ? null : Date.valueOf(v.date()));
            if (v.bool() == null) {
                s.setNull(7, Types.BOOLEAN);
            } else {
                s.setBoolean(7, v.bool());
            }
            s.setObject(8, v.image());
        });
        reports.clear();
        values.clear();
    }

    private static Definition pick(List<Definition> definitions, int ticket) {
        for (Definition d : definitions) {
            ticket -= d.spec().weight();
            if (ticket < 0) {
                return d;
            }
        }
        return definitions.get(0);
    }

    private static String text(String label, SplittableRandom random) {
        return switch (label) {
            case "面談者", "受領者" -> CONTACTS[random.nextInt(CONTACTS.length)];
            case "所見" -> FINDINGS[random.nextInt(FINDINGS.length)];
            default -> WORK[random.nextInt(WORK.length)];
        };
    }

    private static double number(@Nullable String unit, SplittableRandom random) {
        return switch (unit == null ? "" : unit) {
            case "円" -> 10_000 * (1 + random.nextInt(200));
            case "℃" -> Math.round((12 + random.nextDouble() * 14) * 10) / 10.0;
            case "時間" -> 0.5 * (1 + random.nextInt(16));
            default -> 1 + random.nextInt(40);
        };
    }

    // ---- sorting structures ----

    private void sorting(ResourceVolume volume, SplittableRandom random, Instant setUp, Map<UUID, String> cityBySpot) {
        boolean large = volume.spots() > 1_000;
        UUID area = uuid7(setUp.toEpochMilli(), random);
        UUID team = uuid7(setUp.toEpochMilli() + 1, random);
        db.update("INSERT INTO rs_sorting_definition (id, name, description, levels, created_at, updated_at) "
                + "VALUES (?, '営業エリア', '訪問ルートの組み立てに使う仕分け', ARRAY['エリア', 'ルート'], ?, ?), "
                + "(?, '点検担当チーム', '設備点検の担当割り', ARRAY['チーム'], ?, ?)", s -> {
            s.setObject(1, area);
            s.setTimestamp(2, ts(setUp));
            s.setTimestamp(3, ts(setUp));
            s.setObject(4, team);
            s.setTimestamp(5, ts(setUp));
            s.setTimestamp(6, ts(setUp));
        });
        record Node(UUID id, UUID definition, @Nullable UUID parent, int depth, String name, int sortOrder) {
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, List<UUID>> routesByWard = new LinkedHashMap<>();
        int wards = large ? WARDS.length : 5;
        int routesPerWard = large ? 20 : 2;
        long millis = setUp.toEpochMilli() + 10;
        for (int w = 0; w < wards; w++) {
            Node ward = new Node(uuid7(millis++, random), area, null, 0, WARDS[w], w + 1);
            nodes.add(ward);
            List<UUID> routes = new ArrayList<>();
            for (int r = 0; r < routesPerWard; r++) {
                Node route = new Node(uuid7(millis++, random), area, ward.id(), 1,
                        WARDS[w].replace("区", "") + "ルート" + (char) ('A' + r), r + 1);
                nodes.add(route);
                routes.add(route.id());
            }
            routesByWard.put(WARDS[w], routes);
        }
        List<UUID> teams = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Node node = new Node(uuid7(millis++, random), team, null, 0, "チーム" + (char) ('A' + t), t + 1);
            nodes.add(node);
            teams.add(node.id());
        }
        db.batch("INSERT INTO rs_sorting_node (id, definition_id, parent_id, depth, name, sort_order, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", nodes, (s, n) -> {
            s.setObject(1, n.id());
            s.setObject(2, n.definition());
            s.setObject(3, n.parent());
            s.setInt(4, n.depth());
            s.setString(5, n.name());
            s.setInt(6, n.sortOrder());
            s.setTimestamp(7, ts(setUp));
            s.setTimestamp(8, ts(setUp));
        });

        record Assignment(UUID node, UUID definition, UUID spot, int position) {
        }
        List<Assignment> assignments = new ArrayList<>();
        Map<UUID, Integer> filled = new HashMap<>();
        List<UUID> allRoutes = routesByWard.values().stream().flatMap(List::stream).toList();
        for (Map.Entry<UUID, String> spot : cityBySpot.entrySet()) {
            List<UUID> routes = routesByWard.getOrDefault(spot.getValue(), allRoutes);
            UUID route = routes.get(random.nextInt(routes.size()));
            if (filled.getOrDefault(route, 0) >= NODE_CAPACITY) {
                route = allRoutes.stream().filter(r -> filled.getOrDefault(r, 0) < NODE_CAPACITY).findFirst().orElse(null);
            }
            if (route != null) {
                int position = filled.merge(route, 1, Integer::sum) - 1;
                assignments.add(new Assignment(route, area, spot.getKey(), position));
            }
            // About one spot in three has regular inspections, while the teams have room.
            if (random.nextInt(3) == 0) {
                UUID teamNode = teams.get(random.nextInt(teams.size()));
                if (filled.getOrDefault(teamNode, 0) < NODE_CAPACITY) {
                    int position = filled.merge(teamNode, 1, Integer::sum) - 1;
                    assignments.add(new Assignment(teamNode, team, spot.getKey(), position));
                }
            }
        }
        db.batch("INSERT INTO rs_sorting_node_spot (node_id, definition_id, spot_id, position, assigned_at) "
                + "VALUES (?, ?, ?, ?, ?)", assignments, (s, a) -> {
            s.setObject(1, a.node());
            s.setObject(2, a.definition());
            s.setObject(3, a.spot());
            s.setInt(4, a.position());
            s.setTimestamp(5, ts(setUp));
        });
    }

    // ---- helpers ----

    /** A time within the history, on a weekday's business hours in Japan (09:00–18:00 JST). */
    private static Instant businessTime(ResourceVolume volume, SplittableRandom random) {
        LocalDate today = LocalDate.ofInstant(volume.until(), JST);
        for (int attempt = 0; attempt < 20; attempt++) {
            LocalDate day = today.minusDays(random.nextInt(Math.max(1, volume.days())));
            if (day.getDayOfWeek().getValue() >= 6 && attempt < 19) {
                continue;
            }
            Instant at = day.atTime(9, 0).atZone(JST).toInstant().plusSeconds(random.nextInt(9 * 3600));
            if (at.isBefore(volume.until())) {
                return at;
            }
        }
        return today.minusDays(1).atTime(9, 0).atZone(JST).toInstant().plusSeconds(random.nextInt(9 * 3600));
    }

    /** A UUIDv7 (RFC 9562 §5.7) for a row made at {@code millis}, from the seeded random source. */
    static UUID uuid7(long millis, SplittableRandom random) {
        long msb = (millis << 16) | (0x7L << 12) | random.nextInt(1 << 12);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * Image rows, buffered until {@link #flush()}: photos and reports reference them, so they are
     * written first. The bytes come from a small set of pre-drawn pictures to keep generation fast.
     */
    private final class Images {

        private record Variant(TinyImages.Encoded encoded, byte[] sha256) {
        }

        private record Row(UUID id, Variant variant, Instant createdAt) {
        }

        private final SplittableRandom random;
        private final List<Variant> variants = new ArrayList<>();
        private final List<Row> pending = new ArrayList<>();

        private final int variantCount;

        Images(SplittableRandom random, int variantCount) {
            this.random = random;
            this.variantCount = variantCount;
        }

        UUID add(Instant createdAt) {
            // Drawn on first use: without users there are no photos or reports, and no need for pictures.
            while (variants.size() < variantCount) {
                // Mostly JPEG, as phone cameras take them; some PNG, as screenshots and drawings are.
                TinyImages.Encoded encoded = variants.size() % 4 == 3 ? TinyImages.png(random) : TinyImages.jpeg(random);
                variants.add(new Variant(encoded, TinyImages.sha256(encoded.bytes())));
            }
            Row row = new Row(uuid7(createdAt.toEpochMilli(), random), variants.get(random.nextInt(variants.size())),
                    createdAt);
            pending.add(row);
            return row.id();
        }

        void flush() {
            db.batch("INSERT INTO rs_image (id, content_type, width, height, size_bytes, sha256, content, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", pending, (s, r) -> {
                TinyImages.Encoded e = r.variant().encoded();
                s.setObject(1, r.id());
                s.setString(2, e.contentType());
                s.setInt(3, e.width());
                s.setInt(4, e.height());
                s.setLong(5, e.bytes().length);
                s.setBytes(6, r.variant().sha256());
                s.setBytes(7, e.bytes());
                s.setTimestamp(8, ts(r.createdAt()));
            });
            pending.clear();
        }
    }
}
