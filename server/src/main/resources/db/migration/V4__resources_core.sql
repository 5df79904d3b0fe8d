-- Resource API (seed 003), core families: the organisation (groups, users, memberships, statuses,
-- action types) and spots with what hangs on them. Later families (activity, reports and photos,
-- bank inquiries) reference these tables in their own migrations.
--
-- Every table a client can update carries `version` (the ETag) and updated_at (updated_since
-- filters). IDs are UUIDv7 made by the server, so ordering by id is ordering by creation: keyset
-- paging on id never misses or repeats a row while others are inserted or deleted.
-- References are ON DELETE RESTRICT unless the child is part of its parent: deleting a
-- referenced object must fail with 409 resource-in-use, never cascade into someone's data.

CREATE TABLE rs_group (
    id          uuid        PRIMARY KEY,
    code        text        UNIQUE,
    name        text        NOT NULL,
    parent_id   uuid        REFERENCES rs_group (id),
    sort_order  integer     NOT NULL DEFAULT 0,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX rs_group_parent_idx ON rs_group (parent_id);

CREATE TABLE rs_user (
    id             uuid        PRIMARY KEY,
    employee_code  text        UNIQUE,
    name           text        NOT NULL,
    name_kana      text,
    email          text        UNIQUE,
    phone          text,
    role           text        NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'manager', 'admin')),
    active         boolean     NOT NULL DEFAULT true,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE rs_user_membership (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES rs_user (id) ON DELETE CASCADE,
    group_id    uuid        NOT NULL REFERENCES rs_group (id),
    is_primary  boolean     NOT NULL DEFAULT false,
    position    text,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (user_id, group_id)
);
CREATE INDEX rs_user_membership_group_idx ON rs_user_membership (group_id);
CREATE UNIQUE INDEX rs_user_membership_primary_idx ON rs_user_membership (user_id) WHERE is_primary;

CREATE TABLE rs_action_type (
    id          uuid    PRIMARY KEY,
    code        text    NOT NULL UNIQUE,
    name        text    NOT NULL,
    sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE rs_status (
    id              uuid    PRIMARY KEY,
    code            text    NOT NULL UNIQUE,
    name            text    NOT NULL,
    action_type_id  uuid    REFERENCES rs_action_type (id),
    color           text,
    sort_order      integer NOT NULL DEFAULT 0
);

CREATE TABLE rs_spot (
    id           uuid             PRIMARY KEY,
    code         text             UNIQUE,
    name         text             NOT NULL,
    name_kana    text,
    postal_code  text,
    prefecture   text,
    city         text,
    street       text,
    building     text,
    latitude     double precision,
    longitude    double precision,
    phone        text,
    url          text,
    note         text,
    version      bigint           NOT NULL DEFAULT 1,
    created_at   timestamptz      NOT NULL,
    updated_at   timestamptz      NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX rs_spot_updated_idx ON rs_spot (updated_at, id);

CREATE TABLE rs_spot_contact (
    id          uuid        PRIMARY KEY,
    spot_id     uuid        NOT NULL REFERENCES rs_spot (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    name_kana   text,
    department  text,
    title       text,
    phone       text,
    email       text,
    created_at  timestamptz NOT NULL
);
CREATE INDEX rs_spot_contact_spot_idx ON rs_spot_contact (spot_id, id);

CREATE TABLE rs_spot_staff (
    spot_id      uuid        NOT NULL REFERENCES rs_spot (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL REFERENCES rs_user (id),
    role         text        NOT NULL CHECK (role IN ('main', 'sub')),
    assigned_at  timestamptz NOT NULL,
    PRIMARY KEY (spot_id, user_id)
);
CREATE UNIQUE INDEX rs_spot_staff_main_idx ON rs_spot_staff (spot_id) WHERE role = 'main';
CREATE INDEX rs_spot_staff_user_idx ON rs_spot_staff (user_id);

CREATE TABLE rs_spot_tag (
    id          uuid    PRIMARY KEY,
    name        text    NOT NULL UNIQUE,
    color       text,
    sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE rs_spot_tag_link (
    id          uuid        PRIMARY KEY,
    spot_id     uuid        NOT NULL REFERENCES rs_spot (id) ON DELETE CASCADE,
    tag_id      uuid        NOT NULL REFERENCES rs_spot_tag (id),
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (spot_id, tag_id)
);
CREATE INDEX rs_spot_tag_link_tag_idx ON rs_spot_tag_link (tag_id, spot_id);
