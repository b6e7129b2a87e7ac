import { describe, expect, it } from 'vitest';
import { describeJsonError } from './describe-json-error.js';

function describeParse(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeJsonError(text, error);
  }
  throw new Error('expected a parse error');
}

describe('describeJsonError', () => {
  it('points at the line and column of a syntax error', () => {
    expect(describeParse('{\n  "a": 1,\n  "b": 2 "c": 3\n}')).toBe("it is not valid JSON: Expected ',' or '}' after property value at line 3, column 10");
  });

  it('drops the snippet V8 quotes when it gives no position', () => {
    expect(describeParse('{\n "b": x\n}')).toBe("it is not valid JSON: Unexpected token 'x'");
  });

  it('calls a file that ends early truncated', () => {
    expect(describeParse('{\n  "a": [1, 2')).toBe('it is not valid JSON: it ends unexpectedly at line 2, column 13 (truncated?)');
    expect(describeParse('{"a": "abc')).toBe('it is not valid JSON: it ends unexpectedly at line 1, column 11 (truncated?)');
    expect(describeParse('')).toBe('it is not valid JSON: it ends unexpectedly at line 1, column 1 (truncated?)');
  });

  it('reports nesting too deep to read', () => {
    expect(describeJsonError('', new RangeError('Maximum call stack size exceeded'))).toBe('it is nested too deeply to read');
  });

  it('keeps messages without a position', () => {
    expect(describeJsonError('', new SyntaxError('something odd'))).toBe('it is not valid JSON: something odd');
    expect(describeJsonError('', 'not an error')).toBe('it is not valid JSON: not an error');
  });
});
