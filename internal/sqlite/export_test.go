package sqlite

// TempDir is the directory behind ":memory:", "" for a named file.
func TempDir(db *DB) string { return db.tmpDir }
