-- Resource API (seed 003), reports and photos: report definitions and reports, images, spot
-- photos with their tags and metadata, and the spot sorting structures.
--
-- The API only reads most of these (the product's app writes them), so only the objects a client
-- may update or delete carry a meaningful `version`; the others keep one so every single read
-- answers with an ETag the same way. References to other families' rows are ON DELETE RESTRICT;
-- CASCADE only for parts of the same object.

CREATE TABLE rs_image (
    id            uuid        PRIMARY KEY,
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width         integer     NOT NULL CHECK (width > 0),
    height        integer     NOT NULL CHECK (height > 0),
    size_bytes    bigint      NOT NULL CHECK (size_bytes > 0),
    sha256        bytea       NOT NULL,
    content       bytea       NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE rs_report_definition (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL UNIQUE,
    description  text,
    active       boolean     NOT NULL DEFAULT true,
    sort_order   integer     NOT NULL DEFAULT 0,
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE rs_report_field (
    id             uuid    PRIMARY KEY,
    definition_id  uuid    NOT NULL REFERENCES rs_report_definition (id) ON DELETE CASCADE,
    label          text    NOT NULL,
    type           text    NOT NULL CHECK (type IN ('text', 'number', 'date', 'select', 'checkbox', 'image')),
    required       boolean NOT NULL DEFAULT false,
    sort_order     integer NOT NULL,
    options        text[],
    unit           text,
    UNIQUE (definition_id, sort_order),
    CHECK ((type = 'select') = (options IS NOT NULL))
);

CREATE TABLE rs_report (
    id             uuid        PRIMARY KEY,
    definition_id  uuid        NOT NULL REFERENCES rs_report_definition (id),
    user_id        uuid        NOT NULL REFERENCES rs_user (id),
    spot_id        uuid        REFERENCES rs_spot (id),
    submitted_at   timestamptz NOT NULL,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
-- Lists are ordered by (submitted_at, id); each filter gets its own keyset index.
CREATE INDEX rs_report_submitted_idx ON rs_report (submitted_at, id);
CREATE INDEX rs_report_definition_idx ON rs_report (definition_id, submitted_at, id);
CREATE INDEX rs_report_user_idx ON rs_report (user_id, submitted_at, id);
CREATE INDEX rs_report_spot_idx ON rs_report (spot_id, submitted_at, id);

-- One row per filled field; an image field has one row per image (ordinal keeps their order).
-- The typed column matching the field's type holds the value.
CREATE TABLE rs_report_value (
    report_id     uuid             NOT NULL REFERENCES rs_report (id) ON DELETE CASCADE,
    field_id      uuid             NOT NULL REFERENCES rs_report_field (id),
    ordinal       integer          NOT NULL DEFAULT 0,
    text_value    text,
    number_value  double precision,
    date_value    date,
    bool_value    boolean,
    image_id      uuid             REFERENCES rs_image (id),
    PRIMARY KEY (report_id, field_id, ordinal)
);
-- Deleting a photo keeps its image when a report shows it: this answers "is it shown?".
CREATE INDEX rs_report_value_image_idx ON rs_report_value (image_id) WHERE image_id IS NOT NULL;

CREATE TABLE rs_spot_photo_tag (
    id          uuid    PRIMARY KEY,
    name        text    NOT NULL UNIQUE,
    color       text,
    sort_order  integer NOT NULL DEFAULT 0,
    version     bigint  NOT NULL DEFAULT 1
);

CREATE TABLE rs_spot_photo (
    id          uuid        PRIMARY KEY,
    spot_id     uuid        NOT NULL REFERENCES rs_spot (id),
    image_id    uuid        NOT NULL REFERENCES rs_image (id),
    user_id     uuid        NOT NULL REFERENCES rs_user (id),
    taken_at    timestamptz NOT NULL,
    -- Shared with the metadata: the metadata is part of the photo, so one ETag covers both.
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX rs_spot_photo_taken_idx ON rs_spot_photo (taken_at, id);
CREATE INDEX rs_spot_photo_spot_idx ON rs_spot_photo (spot_id, taken_at, id);
CREATE INDEX rs_spot_photo_image_idx ON rs_spot_photo (image_id);

CREATE TABLE rs_spot_photo_metadata (
    photo_id   uuid PRIMARY KEY REFERENCES rs_spot_photo (id) ON DELETE CASCADE,
    caption    text,
    direction  text CHECK (direction IN ('N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW')),
    note       text,
    custom     jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- Deleting a tag takes it off its photos (documented in the contract): the link is part of both.
CREATE TABLE rs_spot_photo_tag_link (
    photo_id  uuid NOT NULL REFERENCES rs_spot_photo (id) ON DELETE CASCADE,
    tag_id    uuid NOT NULL REFERENCES rs_spot_photo_tag (id) ON DELETE CASCADE,
    PRIMARY KEY (photo_id, tag_id)
);
CREATE INDEX rs_spot_photo_tag_link_tag_idx ON rs_spot_photo_tag_link (tag_id, photo_id);

CREATE TABLE rs_sorting_definition (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL UNIQUE,
    description  text,
    levels       text[]      NOT NULL CHECK (cardinality(levels) BETWEEN 1 AND 5),
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE rs_sorting_node (
    id             uuid        PRIMARY KEY,
    definition_id  uuid        NOT NULL REFERENCES rs_sorting_definition (id) ON DELETE CASCADE,
    parent_id      uuid        REFERENCES rs_sorting_node (id),
    depth          integer     NOT NULL CHECK (depth >= 0),
    name           text        NOT NULL,
    sort_order     integer     NOT NULL DEFAULT 0,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK ((depth = 0) = (parent_id IS NULL))
);
-- Sibling names are unique; top-level nodes are siblings under their definition.
CREATE UNIQUE INDEX rs_sorting_node_name_idx
    ON rs_sorting_node (definition_id, COALESCE(parent_id, definition_id), name);
CREATE INDEX rs_sorting_node_parent_idx ON rs_sorting_node (parent_id, id);

-- A spot sits in at most one node per structure (definition_id repeats the node's for that
-- constraint). Deleting a spot takes it out of the structure, like its tag links.
CREATE TABLE rs_sorting_node_spot (
    node_id        uuid        NOT NULL REFERENCES rs_sorting_node (id) ON DELETE CASCADE,
    definition_id  uuid        NOT NULL REFERENCES rs_sorting_definition (id) ON DELETE CASCADE,
    spot_id        uuid        NOT NULL REFERENCES rs_spot (id) ON DELETE CASCADE,
    position       integer     NOT NULL,
    assigned_at    timestamptz NOT NULL,
    PRIMARY KEY (node_id, spot_id),
    UNIQUE (definition_id, spot_id)
);
CREATE INDEX rs_sorting_node_spot_spot_idx ON rs_sorting_node_spot (spot_id);
