package dev.renkei.server.resource.activity.data;

import dev.renkei.server.resource.data.ResourceDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.shared.db.Db;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Working days of a field team, for the activity families: each active user clocks in at the
 * office, visits spots (arrival, meeting, leaving, as the statuses run), clocks out; the app
 * records positions along the way; every twentieth stamp gets a transportation expense; and a
 * calendar of schedules runs from {@code days} ago to two weeks ahead.
 * <p>
 * Reads users, spots and statuses made by the earlier generators and makes nothing it could not
 * refer to: no users, no activity; no statuses, no stamps. Rows go in by COPY in chunks, in time
 * order, so the large volume (a million stamps) stays within memory and the time indexes fill
 * from the right.
 */
@Singleton
public class ActivityDataGenerator implements ResourceDataGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityDataGenerator.class);
    private static final int CHUNK = 5_000;
    /** A stamp in twenty has an expense: volumes of ResourceVolume know no expense count of their own. */
    private static final int STAMPS_PER_EXPENSE = 20;
    private static final int SCHEDULE_DAYS_AHEAD = 14;

    private static final List<String> VISIT_COMMENTS = List.of("定期点検のため訪問", "見積書を提出", "担当者不在のため名刺を置いてきた",
            "新製品のカタログを説明", "次回訪問日を調整中", "納品立会い完了", "設備の不具合を確認、部品手配予定",
            "契約更新について打合せ", "先方部長と面談", "駐車場が満車のため近隣のコインパーキングを利用");
    private static final List<String> SPOT_TITLES = List.of("定期点検", "打合せ", "新規提案", "納品立会い", "見積説明",
            "契約更新の相談", "保守作業", "ご挨拶");
    private static final List<String> OFFICE_TITLES = List.of("営業会議", "週次ミーティング", "安全衛生研修", "1on1 面談",
            "月次報告会", "展示会準備", "新人研修 OJT", "見積作成");
    private static final List<String> ALL_DAY_TITLES = List.of("研修（終日）", "展示会（東京ビッグサイト）", "出張（大阪支店）",
            "棚卸し", "健康診断");
    private static final List<String> NOTES = List.of("資料を持参すること", "駐車場あり（地下2階）", "先方 山田様同席",
            "社用車を予約済み", "オンライン参加可", "名刺を多めに持参", "作業着で訪問");

    private record UserRef(UUID id) {
    }

    private record SpotRef(UUID id, String name, double latitude, double longitude, @Nullable String address) {
    }

    private record StatusRef(UUID id, String name) {
    }

    private record StampRow(UUID id, UUID userId, UUID statusId, @Nullable UUID spotId, Instant at, double latitude,
                            double longitude, double accuracy, @Nullable String address, @Nullable String comment,
                            Instant createdAt) {
    }

    private record ScheduleRow(UUID id, String title, Instant startsAt, Instant endsAt, boolean allDay,
                               @Nullable UUID spotId, @Nullable String note, Instant createdAt) {
    }

    private record MemberRow(UUID scheduleId, UUID userId, String role, String attendance, Instant at) {
    }

    /** Where a user was at a time: the stamps of the day, or a plan when there are none. */
    private record Waypoint(Instant at, double latitude, double longitude) {
    }

    private final Db db;
    private final JdbcOperations jdbc;
    private final ZoneId zone;

    public ActivityDataGenerator(Db db, JdbcOperations jdbc, @Value("${renkei.time-zone:Asia/Tokyo}") String timeZone) {
        this.db = db;
        this.jdbc = jdbc;
        this.zone = ZoneId.of(timeZone);
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public void generate(ResourceVolume volume, SplittableRandom random) {
        List<UserRef> users = db.list("SELECT id FROM rs_user WHERE active ORDER BY id", s -> { },
                r -> new UserRef(Db.uuid(r, "id")));
        if (users.isEmpty()) {
            return;
        }
        List<SpotRef> spots = db.list("SELECT id, name, latitude, longitude, "
                        + "nullif(concat_ws('', prefecture, city, street), '') AS address FROM rs_spot "
                        + "WHERE latitude IS NOT NULL ORDER BY id", s -> { },
                r -> new SpotRef(Db.uuid(r, "id"), r.getString("name"), r.getDouble("latitude"), r.getDouble("longitude"),
                        r.getString("address")));
        List<StatusRef> statuses = db.list("SELECT id, name FROM rs_status ORDER BY sort_order, code", s -> { },
                r -> new StatusRef(Db.uuid(r, "id"), r.getString("name")));
        long started = System.nanoTime();
        History history = new History(volume, random, users, spots, statuses);
        history.run();
        int schedules = generateSchedules(volume, random, users, spots);
        LOG.info("Activity data: {} stamps, {} recorded positions, {} expenses, {} schedules in {} ms", history.stamps,
                history.positions, history.expenses, schedules, (System.nanoTime() - started) / 1_000_000);
    }

    /** Working days (Monday to Friday) in Japan time, oldest first, from {@code fromDaysAgo} to {@code toDaysAhead}. */
    private List<LocalDate> workdays(Instant until, int fromDaysAgo, int toDaysAhead) {
        LocalDate today = until.atZone(zone).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = today.minusDays(fromDaysAgo); d.isBefore(today.plusDays(toDaysAhead)); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        return days;
    }

    /** The stamp history, positions and expenses: one working day of one user at a time, days in order. */
    private final class History {

        private final ResourceVolume volume;
        private final SplittableRandom random;
        private final List<UserRef> users;
        private final List<SpotRef> spots;
        private final List<StatusRef> statuses;
        private final CopyIn stampRows = new CopyIn("rs_stamp", "id, user_id, status_id, spot_id, stamped_at, latitude, "
                + "longitude, accuracy_meters, address, comment, created_at");
        private final CopyIn positionRows = new CopyIn("rs_position", "id, user_id, recorded_at, latitude, longitude, "
                + "accuracy_meters, speed_kmh, created_at");
        private final CopyIn expenseRows = new CopyIn("rs_transportation_expense", "id, user_id, expense_date, departure, "
                + "arrival, means, amount, round_trip, distance_km, purpose, spot_id, stamp_id, created_at");
        private long stamps;
        private long positions;
        private long expenses;
        private boolean expenseDue;

        History(ResourceVolume volume, SplittableRandom random, List<UserRef> users, List<SpotRef> spots,
                List<StatusRef> statuses) {
            this.volume = volume;
            this.random = random;
            this.users = users;
            this.spots = spots;
            this.statuses = statuses;
        }

        void run() {
            // Yesterday and before: every generated day is a whole one, and nothing lies after `until`.
            List<LocalDate> days = workdays(volume.until(), volume.days(), 0);
            long slots = (long) days.size() * users.size();
            if (slots == 0) {
                return;
            }
            long stampTotal = statuses.isEmpty() ? 0 : volume.stamps();
            long positionTotal = volume.positions();
            long slot = 0;
            for (LocalDate day : days) {
                for (UserRef user : users) {
                    day(user, day, share(stampTotal, slots, slot), share(positionTotal, slots, slot));
                    slot++;
                }
            }
            flushStamps();
            flushExpenses();
            flushPositions();
        }

        private void day(UserRef user, LocalDate day, int stampCount, int positionCount) {
            Instant start = day.atTime(LocalTime.of(8, 30)).atZone(zone).toInstant().plusSeconds(random.nextInt(45 * 60));
            Instant end = day.atTime(LocalTime.of(17, 30)).atZone(zone).toInstant().plusSeconds(random.nextInt(90 * 60));
            List<Waypoint> path = new ArrayList<>();
            List<StatusRef> middle = statuses.size() > 2 ? statuses.subList(1, statuses.size() - 1) : statuses;
            long span = Duration.between(start, end).toSeconds();
            SpotRef visit = null;
            double visitLat = 0;
            double visitLon = 0;
            Waypoint here = new Waypoint(start, TokyoPlaces.OFFICE.latitude(), TokyoPlaces.OFFICE.longitude());
            Waypoint origin = here;
            for (int j = 0; j < stampCount; j++) {
                boolean first = j == 0;
                boolean last = j == stampCount - 1 && stampCount > 1;
                Instant at;
                if (stampCount == 1) {
                    at = start;
                } else {
                    long step = span / (stampCount - 1);
                    long jitter = first || last ? 0 : (long) ((random.nextDouble() - 0.5) * step / 2);
                    at = start.plusSeconds(step * j + jitter);
                }
                StatusRef status;
                double lat;
                double lon;
                String address;
                String comment = null;
                UUID spotId = null;
                if (first || last || (j - 1) % middle.size() == 0) {
                    // Arriving somewhere new: the trip here started at the previous place.
                    origin = here;
                }
                if (first || last) {
                    status = first ? statuses.get(0) : statuses.get(statuses.size() - 1);
                    lat = TokyoPlaces.OFFICE.latitude();
                    lon = TokyoPlaces.OFFICE.longitude();
                    address = TokyoPlaces.OFFICE_ADDRESS;
                } else {
                    int position = (j - 1) % middle.size();
                    status = middle.get(position);
                    if (position == 0) {
                        // A new visit: a spot when there are any, else somewhere in the 23 wards.
                        visit = spots.isEmpty() ? null : spots.get(random.nextInt(spots.size()));
                        visitLat = visit == null ? 35.60 + random.nextDouble() * 0.18 : visit.latitude();
                        visitLon = visit == null ? 139.62 + random.nextDouble() * 0.26 : visit.longitude();
                    }
                    lat = visitLat;
                    lon = visitLon;
                    spotId = visit == null ? null : visit.id();
                    address = visit == null ? null : visit.address();
                    if (random.nextInt(10) < 3) {
                        comment = VISIT_COMMENTS.get(random.nextInt(VISIT_COMMENTS.size()));
                    }
                }
                lat += random.nextGaussian() * 0.0002;
                lon += random.nextGaussian() * 0.0002;
                // Mostly sent at once; now and then from a tunnel or basement, some minutes later.
                Instant received = at.plusSeconds(random.nextInt(10) == 0 ? 60 + random.nextInt(1800) : 1 + random.nextInt(5));
                StampRow stamp = new StampRow(uuidV7(at, random), user.id(), status.id(), spotId, at, lat, lon,
                        round(5 + random.nextDouble() * 45), address, comment, received);
                stampRows.add(stamp.id()).add(stamp.userId()).add(stamp.statusId()).add(stamp.spotId()).add(stamp.at())
                        .add(stamp.latitude()).add(stamp.longitude()).add(stamp.accuracy()).add(stamp.address())
                        .add(stamp.comment()).add(stamp.createdAt()).endRow();
                stamps++;
                if (stamps % STAMPS_PER_EXPENSE == 0) {
                    expenseDue = true;
                }
                // The morning clock-in is the commute, which no one claims: the next trip takes the turn.
                if (expenseDue && !first) {
                    expense(stamp, origin, day, end, spotId != null && visit != null ? visit.name() + " 訪問"
                            : last ? "帰社" : "顧客訪問");
                    expenseDue = false;
                }
                here = new Waypoint(at, lat, lon);
                path.add(here);
            }
            if (path.isEmpty()) {
                // No stamps (no statuses yet): the app still records the user's day out and back.
                SpotRef out = spots.isEmpty() ? null : spots.get(random.nextInt(spots.size()));
                double lat = out == null ? 35.60 + random.nextDouble() * 0.18 : out.latitude();
                double lon = out == null ? 139.62 + random.nextDouble() * 0.26 : out.longitude();
                path.add(new Waypoint(start, TokyoPlaces.OFFICE.latitude(), TokyoPlaces.OFFICE.longitude()));
                path.add(new Waypoint(start.plusSeconds(span / 2), lat, lon));
                path.add(new Waypoint(end, TokyoPlaces.OFFICE.latitude(), TokyoPlaces.OFFICE.longitude()));
            }
            positions(user, path, start, end, positionCount);
            if (stampRows.size() >= CHUNK) {
                flushStamps();
                flushExpenses();
            }
            if (positionRows.size() >= CHUNK) {
                flushPositions();
            }
        }

        private void positions(UserRef user, List<Waypoint> path, Instant start, Instant end, int count) {
            long span = Duration.between(start, end).toMillis();
            int segment = 0;
            for (int i = 0; i < count; i++) {
                Instant at = start.plusMillis((long) (span * (i + 0.5) / count));
                while (segment < path.size() - 2 && !path.get(segment + 1).at().isAfter(at)) {
                    segment++;
                }
                Waypoint a = path.get(segment);
                Waypoint b = path.get(Math.min(segment + 1, path.size() - 1));
                double fraction = b.at().equals(a.at()) ? 0
                        : Math.max(0, Math.min(1, (double) Duration.between(a.at(), at).toMillis()
                        / Duration.between(a.at(), b.at()).toMillis()));
                double km = TokyoPlaces.km(a.latitude(), a.longitude(), b.latitude(), b.longitude());
                double hours = Math.max(1, Duration.between(a.at(), b.at()).toSeconds()) / 3600.0;
                Double speed = km < 0.2 ? round(random.nextDouble() * 4) : round(Math.min(60, km / hours * 1.4));
                if (random.nextInt(8) == 0) {
                    speed = null;
                }
                positionRows.add(uuidV7(at, random)).add(user.id()).add(at)
                        .add(a.latitude() + (b.latitude() - a.latitude()) * fraction + random.nextGaussian() * 0.0003)
                        .add(a.longitude() + (b.longitude() - a.longitude()) * fraction + random.nextGaussian() * 0.0003)
                        .add(round(5 + random.nextDouble() * 60)).add(speed).add(at.plusSeconds(2)).endRow();
                positions++;
            }
        }

        private void expense(StampRow stamp, Waypoint from, LocalDate day, Instant end, String purpose) {
            TokyoPlaces.Place departure = TokyoPlaces.nearestStation(from.latitude(), from.longitude());
            TokyoPlaces.Place arrival = TokyoPlaces.nearestStation(stamp.latitude(), stamp.longitude());
            while (departure.equals(arrival)) {
                // Came straight from a customer or from home (直行): somewhere else in town.
                departure = TokyoPlaces.STATIONS.get(random.nextInt(TokyoPlaces.STATIONS.size()));
            }
            double km = TokyoPlaces.km(departure.latitude(), departure.longitude(), arrival.latitude(), arrival.longitude());
            int roll = random.nextInt(100);
            String means;
            int amount;
            Double distance = null;
            if (roll < 78) {
                means = "train";
                amount = km <= 3 ? 180 : km <= 6 ? 210 : km <= 10 ? 260 : km <= 15 ? 310 : km <= 20 ? 390 : 470;
            } else if (roll < 85) {
                means = "taxi";
                amount = (int) Math.round((500 + km * 1.3 * 400) / 10) * 10;
            } else if (roll < 95) {
                means = "car";
                distance = round(km * 1.3);
                amount = (int) Math.round(distance * 25);
            } else {
                means = "bus";
                amount = 210;
            }
            boolean roundTrip = !means.equals("taxi") && random.nextInt(100) < 35;
            expenseRows.add(uuidV7(end, random)).add(stamp.userId()).add(day).add(departure.name()).add(arrival.name())
                    .add(means).add(roundTrip ? amount * 2 : amount).add(roundTrip).add(distance).add(purpose)
                    .add(stamp.spotId()).add(stamp.id()).add(end.plusSeconds(600 + random.nextInt(3600))).endRow();
            expenses++;
        }

        private void flushStamps() {
            stampRows.flush(jdbc);
        }

        private void flushPositions() {
            positionRows.flush(jdbc);
        }

        /** After the stamps they refer to. */
        private void flushExpenses() {
            expenseRows.flush(jdbc);
        }
    }

    private int generateSchedules(ResourceVolume volume, SplittableRandom random, List<UserRef> users, List<SpotRef> spots) {
        List<LocalDate> days = workdays(volume.until(), volume.days(), SCHEDULE_DAYS_AHEAD);
        if (days.isEmpty()) {
            return 0;
        }
        List<ScheduleRow> schedules = new ArrayList<>();
        List<MemberRow> members = new ArrayList<>();
        for (int i = 0; i < volume.schedules(); i++) {
            LocalDate day = days.get(random.nextInt(days.size()));
            boolean allDay = random.nextInt(20) == 0;
            SpotRef spot = !allDay && !spots.isEmpty() && random.nextInt(10) < 7 ? spots.get(random.nextInt(spots.size())) : null;
            Instant startsAt;
            Instant endsAt;
            String title;
            if (allDay) {
                startsAt = day.atStartOfDay(zone).toInstant();
                endsAt = day.plusDays(1 + (random.nextInt(5) == 0 ? 1 : 0)).atStartOfDay(zone).toInstant();
                title = ALL_DAY_TITLES.get(random.nextInt(ALL_DAY_TITLES.size()));
            } else {
                startsAt = day.atTime(LocalTime.of(9, 0)).atZone(zone).toInstant().plusSeconds(1800L * random.nextInt(17));
                endsAt = startsAt.plusSeconds(60L * List.of(30, 60, 60, 90, 120).get(random.nextInt(5)));
                title = spot == null ? OFFICE_TITLES.get(random.nextInt(OFFICE_TITLES.size()))
                        : spot.name() + " " + SPOT_TITLES.get(random.nextInt(SPOT_TITLES.size()));
            }
            Instant createdAt = startsAt.minus(Duration.ofHours(1 + random.nextInt(14 * 24)));
            if (createdAt.isAfter(volume.until())) {
                createdAt = volume.until().minusSeconds(random.nextInt(7 * 24 * 3600));
            }
            UUID id = uuidV7(createdAt, random);
            schedules.add(new ScheduleRow(id, title, startsAt, endsAt, allDay, spot == null ? null : spot.id(),
                    random.nextInt(10) < 3 ? NOTES.get(random.nextInt(NOTES.size())) : null, createdAt));
            Set<UUID> people = new LinkedHashSet<>();
            people.add(users.get(random.nextInt(users.size())).id());
            int participants = random.nextInt(Math.min(3, users.size() - 1) + 1);
            while (people.size() < participants + 1) {
                people.add(users.get(random.nextInt(users.size())).id());
            }
            boolean past = endsAt.isBefore(volume.until());
            boolean organizer = true;
            for (UUID user : people) {
                members.add(new MemberRow(id, user, organizer ? "organizer" : "participant",
                        organizer ? "accepted" : answer(random, past), createdAt));
                organizer = false;
            }
        }
        CopyIn scheduleRows = new CopyIn("rs_schedule", "id, title, starts_at, ends_at, all_day, spot_id, note, version, "
                + "created_at, updated_at");
        for (ScheduleRow r : schedules) {
            scheduleRows.add(r.id()).add(r.title()).add(r.startsAt()).add(r.endsAt()).add(r.allDay()).add(r.spotId())
                    .add(r.note()).add(1).add(r.createdAt()).add(r.createdAt()).endRow();
        }
        scheduleRows.flush(jdbc);
        CopyIn memberRows = new CopyIn("rs_schedule_member", "schedule_id, user_id, role, attendance, added_at, updated_at");
        for (MemberRow r : members) {
            memberRows.add(r.scheduleId()).add(r.userId()).add(r.role()).add(r.attendance()).add(r.at()).add(r.at()).endRow();
        }
        memberRows.flush(jdbc);
        return schedules.size();
    }

    private static String answer(SplittableRandom random, boolean past) {
        int roll = random.nextInt(100);
        if (past) {
            return roll < 80 ? "accepted" : roll < 90 ? "tentative" : "declined";
        }
        return roll < 40 ? "pending" : roll < 85 ? "accepted" : roll < 95 ? "tentative" : "declined";
    }

    /** {@code total} spread over {@code slots} as evenly as whole numbers allow. */
    private static int share(long total, long slots, long slot) {
        return (int) (total / slots + (slot < total % slots ? 1 : 0));
    }

    /**
     * A UUIDv7 (RFC 9562 §5.7) for a row that happened at {@code at}: ordered like the history,
     * and repeatable from the seeded random source.
     */
    static UUID uuidV7(Instant at, SplittableRandom random) {
        long msb = (at.toEpochMilli() << 16) | (0x7L << 12) | random.nextInt(1 << 12);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
