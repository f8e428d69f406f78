//! Output records and formats (json, jsonl, csv, table).
