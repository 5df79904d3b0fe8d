-- Resource API, organisation family. The tables are in V4; this only makes mail addresses
-- unique regardless of case: partners import the same person as Sato@ from one system and
-- sato@ from another, and mail delivery treats them as one address.
ALTER TABLE rs_user DROP CONSTRAINT rs_user_email_key;
CREATE UNIQUE INDEX rs_user_email_lower_idx ON rs_user (lower(email));
