-- Resource API (seed 003), activity families: the stamp history (打刻情報), automatically recorded
-- positions (自動記録位置情報), schedules with their members (予定情報, 予定のメンバー) and
-- transportation expenses (交通費情報). The latest position per user is a query, not a table.
--
-- Stamps and positions are the big tables (a million stamps in the benchmark volume) and are
-- only ever appended: their list queries page by (time, id), so every filter has an index that
-- ends in exactly those columns and a page is one index range scan.
--
-- References to other families are ON DELETE RESTRICT, each under a readable name with a comment
-- saying what refers: the spot and user deletes turn the foreign-key violation into 409
-- resource-in-use with that phrase ("The spot is referred to by schedules").

CREATE TABLE rs_stamp (
    id               uuid             PRIMARY KEY,
    user_id          uuid             NOT NULL,
    status_id        uuid             NOT NULL,
    spot_id          uuid,
    stamped_at       timestamptz      NOT NULL,
    latitude         double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision CHECK (longitude BETWEEN -180 AND 180),
    accuracy_meters  double precision CHECK (accuracy_meters >= 0),
    address          text,
    comment          text,
    created_at       timestamptz      NOT NULL,
    CONSTRAINT rs_stamp_user_fk FOREIGN KEY (user_id) REFERENCES rs_user (id) ON DELETE RESTRICT,
    CONSTRAINT rs_stamp_status_fk FOREIGN KEY (status_id) REFERENCES rs_status (id) ON DELETE RESTRICT,
    CONSTRAINT rs_stamp_spot_fk FOREIGN KEY (spot_id) REFERENCES rs_spot (id) ON DELETE RESTRICT,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
COMMENT ON CONSTRAINT rs_stamp_user_fk ON rs_stamp IS 'stamps';
COMMENT ON CONSTRAINT rs_stamp_status_fk ON rs_stamp IS 'stamps';
COMMENT ON CONSTRAINT rs_stamp_spot_fk ON rs_stamp IS 'stamps';
CREATE INDEX rs_stamp_time_idx ON rs_stamp (stamped_at, id);
-- Also the latest stamp of a user (read backwards) and the check behind a user delete.
CREATE INDEX rs_stamp_user_time_idx ON rs_stamp (user_id, stamped_at, id);
CREATE INDEX rs_stamp_spot_time_idx ON rs_stamp (spot_id, stamped_at, id) WHERE spot_id IS NOT NULL;
CREATE INDEX rs_stamp_status_time_idx ON rs_stamp (status_id, stamped_at, id);

CREATE TABLE rs_position (
    id               uuid             PRIMARY KEY,
    user_id          uuid             NOT NULL,
    recorded_at      timestamptz      NOT NULL,
    latitude         double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    accuracy_meters  double precision CHECK (accuracy_meters >= 0),
    speed_kmh        double precision CHECK (speed_kmh >= 0),
    created_at       timestamptz      NOT NULL,
    CONSTRAINT rs_position_user_fk FOREIGN KEY (user_id) REFERENCES rs_user (id) ON DELETE RESTRICT
);
COMMENT ON CONSTRAINT rs_position_user_fk ON rs_position IS 'recorded positions';
CREATE INDEX rs_position_time_idx ON rs_position (recorded_at, id);
CREATE INDEX rs_position_user_time_idx ON rs_position (user_id, recorded_at, id);

-- The 31-day bound keeps "schedules overlapping [from, to)" a bounded range scan on starts_at.
CREATE TABLE rs_schedule (
    id          uuid        PRIMARY KEY,
    title       text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    all_day     boolean     NOT NULL DEFAULT false,
    spot_id     uuid,
    note        text,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT rs_schedule_spot_fk FOREIGN KEY (spot_id) REFERENCES rs_spot (id) ON DELETE RESTRICT,
    CONSTRAINT rs_schedule_period_check CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '31 days')
);
COMMENT ON CONSTRAINT rs_schedule_spot_fk ON rs_schedule IS 'schedules';
CREATE INDEX rs_schedule_start_idx ON rs_schedule (starts_at, id);
CREATE INDEX rs_schedule_spot_start_idx ON rs_schedule (spot_id, starts_at, id) WHERE spot_id IS NOT NULL;

-- Members are part of their schedule (deleted with it); the user is another family's row.
CREATE TABLE rs_schedule_member (
    schedule_id  uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    role         text        NOT NULL DEFAULT 'participant' CHECK (role IN ('organizer', 'participant')),
    attendance   text        NOT NULL DEFAULT 'pending' CHECK (attendance IN ('pending', 'accepted', 'tentative', 'declined')),
    -- The order members were added in, also within one create (same added_at): list order and paging key.
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    added_at     timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (schedule_id, user_id),
    CONSTRAINT rs_schedule_member_schedule_fk FOREIGN KEY (schedule_id) REFERENCES rs_schedule (id) ON DELETE CASCADE,
    CONSTRAINT rs_schedule_member_user_fk FOREIGN KEY (user_id) REFERENCES rs_user (id) ON DELETE RESTRICT
);
COMMENT ON CONSTRAINT rs_schedule_member_user_fk ON rs_schedule_member IS 'schedule memberships';
CREATE INDEX rs_schedule_member_user_idx ON rs_schedule_member (user_id, schedule_id);
CREATE INDEX rs_schedule_member_order_idx ON rs_schedule_member (schedule_id, seq);

-- An expense is a settled record with its own date, route and amount: the stamp and schedule it
-- came from are only hints, so deleting a schedule clears the hint rather than being refused
-- over accounting history nobody can delete through the API.
CREATE TABLE rs_transportation_expense (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL,
    expense_date  date        NOT NULL,
    departure     text        NOT NULL,
    arrival       text        NOT NULL,
    means         text        NOT NULL CHECK (means IN ('train', 'bus', 'taxi', 'car', 'motorcycle', 'bicycle', 'walk',
                                                        'airplane', 'other')),
    amount        integer     NOT NULL CHECK (amount >= 0),
    round_trip    boolean     NOT NULL DEFAULT false,
    distance_km   double precision CHECK (distance_km >= 0),
    purpose       text,
    spot_id       uuid,
    stamp_id      uuid,
    schedule_id   uuid,
    created_at    timestamptz NOT NULL,
    CONSTRAINT rs_expense_user_fk FOREIGN KEY (user_id) REFERENCES rs_user (id) ON DELETE RESTRICT,
    CONSTRAINT rs_expense_spot_fk FOREIGN KEY (spot_id) REFERENCES rs_spot (id) ON DELETE RESTRICT,
    CONSTRAINT rs_expense_stamp_fk FOREIGN KEY (stamp_id) REFERENCES rs_stamp (id) ON DELETE SET NULL,
    CONSTRAINT rs_expense_schedule_fk FOREIGN KEY (schedule_id) REFERENCES rs_schedule (id) ON DELETE SET NULL
);
COMMENT ON CONSTRAINT rs_expense_user_fk ON rs_transportation_expense IS 'transportation expenses';
COMMENT ON CONSTRAINT rs_expense_spot_fk ON rs_transportation_expense IS 'transportation expenses';
CREATE INDEX rs_expense_date_idx ON rs_transportation_expense (expense_date, id);
CREATE INDEX rs_expense_user_date_idx ON rs_transportation_expense (user_id, expense_date, id);
CREATE INDEX rs_expense_spot_idx ON rs_transportation_expense (spot_id) WHERE spot_id IS NOT NULL;
CREATE INDEX rs_expense_schedule_idx ON rs_transportation_expense (schedule_id) WHERE schedule_id IS NOT NULL;
