export type { DetectorRecord, SessionKey } from './record.js';
export { DETECTOR_FIELDS } from './record.js';
export { DetectorError } from './errors.js';
export { parseDuration, parseBinSize, formatDuration } from './duration.js';
export { parseInstant, floorTo, isoString, type Instant, type ParsedInstant } from './time.js';
export { tokenize, has, kqlToInt, type Terms, type HasOptions, type ToIntMode } from './kql.js';
export { parseCsv, toCsv, csvField, CsvSyntaxError, type CsvRecord } from './csv.js';
export {
  parseWatchlist,
  WatchlistError,
  WATCHLIST_COLUMNS,
  type Watchlist,
  type WatchlistRow,
  type WatchlistRule,
  type WatchlistWarning,
  type WatchlistWarningCode,
  type WatchlistErrorCode,
  type ParseWatchlistOptions,
} from './watchlist.js';
export { DEFAULT_WATCHLIST_CSV, DEFAULT_WATCHLIST_SOURCE, defaultWatchlist } from './default-watchlist.js';
export {
  SessionSummary,
  windowEndOf,
  columnBuffers,
  type SessionSummaryColumns,
  type SessionCell,
  type SessionSummaryOptions,
  type SessionSummaryJSON,
} from './session-summary.js';
export {
  SUMMARY_TABLE,
  SUMMARY_COLUMNS,
  parseSummaryRow,
  type SummaryRow,
  type ParsedSummaryRow,
  type SummaryRowReject,
} from './summary-rows.js';
export { SummaryTable, type SummaryTableCell, type SummaryTableOptions } from './summary-table.js';
export {
  evaluate,
  chooseSource,
  matchAggregate,
  compareAlerts,
  ALERT_COLUMNS,
  type Alert,
  type AggregateRow,
  type DetectorInputs,
  type EvaluateOptions,
  type EvaluatedWindow,
  type EvaluationResult,
  type SourceChoice,
  type SummaryMode,
} from './evaluate.js';
export { alertsToJsonl, alertsToCsv, alertsToTable, summaryRowsToJsonl, summaryRowsToCsv, type TableOptions } from './format.js';
export { RULE_METADATA, SET_CAPS } from './rule.js';
export { LiveDetector, DEFAULT_ALLOWED_LATENESS, parseLateness, type ClosedWindow, type LiveDetectorOptions } from './live-detector.js';
export { reportData, parseAlertLines, type ReportData, type ReportInputs, type RuleUsage, type UsageBin, type PortTotal } from './report-data.js';
