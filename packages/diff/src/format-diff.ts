import { InvalidArgumentError, type AttributeChange, type ChangeType, type JsonValue, type ResourceDiff } from '@dataiku-iac/models';
import pc from 'picocolors';
import { hasChanges, summarizeDiffs } from './diff-summary.js';
import { escapeControls, formatValue, truncate } from './format-value.js';
import { diffLines } from './line-diff.js';
import { sortDiffs } from './sort-diffs.js';

export interface FormatOptions {
  /** List unchanged resources too. Default false. */
  readonly includeUnchanged?: boolean;
  /** ANSI colours: green for additions, red for removals, yellow for modifications. Default false. */
  readonly color?: boolean;
  /** Longest value (or code line) shown before it is cut with `…`; a positive integer or `Infinity`. Default 80. */
  readonly maxValueLength?: number;
}

export const DEFAULT_MAX_VALUE_LENGTH = 80;
/** Most hunk and code lines shown for one multi-line string change. */
export const MAX_LINES_PER_CHANGE = 20;

const SYMBOLS: Readonly<Record<ChangeType, string>> = { added: '+', removed: '-', modified: '~', unchanged: ' ' };
const INDENT = '    ';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The human-readable diff: a summary line, then one line per resource by id (`+` added,
 * `-` removed, `~` modified, two spaces for unchanged), each modified resource followed by its
 * attribute changes.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when `maxValueLength` is not a positive integer or `Infinity`
 */
export function formatDiff(diffs: readonly ResourceDiff[], options: FormatOptions = {}): string {
  const maxLength = options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  if (maxLength !== Infinity && !(Number.isInteger(maxLength) && maxLength >= 1)) {
    throw new InvalidArgumentError(`maxValueLength must be a positive integer or Infinity, got ${String(maxLength)}`);
  }
  const colors = pc.createColors(options.color ?? false);
  const summary = summarizeDiffs(diffs);
  const lines: string[] = [];
  if (hasChanges(diffs)) {
    lines.push(
      `Diff summary: ${summary.added} added, ${summary.removed} removed, ${summary.modified} modified, ${summary.unchanged} unchanged`,
    );
  } else {
    lines.push(summary.unchanged === 0 ? 'No changes.' : `No changes. ${plural(summary.unchanged, 'resource')} unchanged.`);
  }
  const shown = sortDiffs(diffs).filter((diff) => diff.changeType !== 'unchanged' || options.includeUnchanged === true);
  if (shown.length > 0) lines.push('');
  for (const diff of shown) {
    lines.push(paintChange(colors, diff.changeType, `${SYMBOLS[diff.changeType]} ${escapeControls(diff.resourceId)}`));
    if (diff.changeType !== 'modified') continue;
    if (diff.attributeChanges.length === 0) lines.push(colors.dim(`${INDENT}(checksum differs, attributes are equal)`));
    for (const change of diff.attributeChanges) lines.push(...formatChange(change, maxLength, colors, INDENT));
  }
  return lines.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function paintChange(colors: Colors, changeType: ChangeType, text: string): string {
  switch (changeType) {
    case 'added':
      return colors.green(text);
    case 'removed':
      return colors.red(text);
    case 'modified':
      return colors.yellow(text);
    default:
      return text;
  }
}

/**
 * The lines of one attribute change as `formatDiff` prints them (`~ path: old → new`, a line diff
 * for multi-line strings), each starting with `indent` (default four spaces).
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when `maxValueLength` is not a positive integer or `Infinity`
 */
export interface AttributeChangeFormat extends Omit<FormatOptions, 'includeUnchanged'> {
  /** Put before each line. Default four spaces. */
  readonly indent?: string;
  /** String values printed bare, without quotes: stand-ins such as `(sensitive value)`. */
  readonly placeholders?: readonly string[];
}

export function formatAttributeChange(change: AttributeChange, options: AttributeChangeFormat = {}): string[] {
  const maxLength = options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  if (maxLength !== Infinity && !(Number.isInteger(maxLength) && maxLength >= 1)) {
    throw new InvalidArgumentError(`maxValueLength must be a positive integer or Infinity, got ${String(maxLength)}`);
  }
  return formatChange(change, maxLength, pc.createColors(options.color ?? false), options.indent ?? INDENT, options.placeholders);
}

function formatChange(change: AttributeChange, maxLength: number, colors: Colors, indent: string, placeholders: readonly string[] = []): string[] {
  const label = change.path === '' ? '(value)' : escapeControls(change.path);
  const show = (value: JsonValue | undefined): string => (value === undefined ? '(none)' : formatValue(value, maxLength, placeholders));
  switch (change.op) {
    case 'add': {
      const text = change.new;
      if (typeof text !== 'string' || !text.includes('\n')) return [colors.green(`${indent}+ ${label}: ${show(text)}`)];
      const lines = text.split(/\r?\n/);
      const shown = lines.slice(0, MAX_LINES_PER_CHANGE).map((line) => colors.green(`${indent}${INDENT}+ ${truncate(escapeControls(line), maxLength)}`));
      if (lines.length > MAX_LINES_PER_CHANGE) shown.push(colors.dim(`${indent}${INDENT}… ${plural(lines.length - MAX_LINES_PER_CHANGE, 'more line')}`));
      return [colors.green(`${indent}+ ${label}:`), ...shown];
    }
    case 'remove':
      return [colors.red(`${indent}- ${label}: ${show(change.old)}`)];
    case 'replace': {
      const codeLines = multiLineDiff(change.old, change.new, maxLength, colors, indent);
      if (codeLines !== undefined) return [colors.yellow(`${indent}~ ${label}:`), ...codeLines];
      return [colors.yellow(`${indent}~ ${label}: ${show(change.old)} → ${show(change.new)}`)];
    }
  }
}

/** A bounded line diff when both values are strings and one spans several lines. */
function multiLineDiff(
  oldValue: JsonValue | undefined,
  newValue: JsonValue | undefined,
  maxLength: number,
  colors: Colors,
  outer: string,
): string[] | undefined {
  if (typeof oldValue !== 'string' || typeof newValue !== 'string') return undefined;
  if (!oldValue.includes('\n') && !newValue.includes('\n')) return undefined;
  const diff = diffLines(oldValue, newValue);
  if (diff === undefined) return undefined;
  const indent = `${outer}${INDENT}`;
  const lines = diff.slice(0, MAX_LINES_PER_CHANGE).map((line) => {
    const text = truncate(escapeControls(line.text), maxLength);
    if (line.kind === 'hunk') return colors.cyan(`${indent}@@ ${text} @@`);
    return line.kind === 'add' ? colors.green(`${indent}+ ${text}`) : colors.red(`${indent}- ${text}`);
  });
  const hidden = diff.slice(MAX_LINES_PER_CHANGE).filter((line) => line.kind !== 'hunk').length;
  if (hidden > 0) lines.push(colors.dim(`${indent}… ${plural(hidden, 'more changed line')}`));
  return lines;
}
