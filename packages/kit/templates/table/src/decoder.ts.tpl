// A table-only source has no raw decoder: exported rows are converted by `rowFromTable` (row.ts).
// When the source gets a raw form, its decoder goes here (see `asim plugin new --kind line`).
export {};
