export { parse } from 'csv-parse';
export { parse as parseSync } from 'csv-parse/sync';
