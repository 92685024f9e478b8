-- A member's organisation and country, shown next to their posts (so officials know who
-- speaks for which institution). Both optional.
ALTER TABLE users ADD COLUMN organisation TEXT;
ALTER TABLE users ADD COLUMN country TEXT;
