export { DiffEngine, type DiffOptions } from './diff-engine.js';
export { diffAttributes } from './diff-attributes.js';
export { hasChanges } from './diff-summary.js';
export { DEFAULT_MAX_VALUE_LENGTH, formatAttributeChange, MAX_LINES_PER_CHANGE, type AttributeChangeFormat, type FormatOptions } from './format-diff.js';
export { formatPath } from './format-path.js';
export { type DeclaredCompareOptions, type DeclaredDifference, type DeclaredPath, declaredDifferences, sameValue } from './declared-differences.js';
