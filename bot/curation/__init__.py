"""Curating the catalog from Discord: pure logic (documents, diffs, fields, permissions) and the
`Curation` service that turns a confirmed proposal into a version and the live file."""
