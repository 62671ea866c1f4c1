// Nodes as plain spans of a script's text: what rules and reports read (type, text, where).
// Text and rows/columns are computed only when asked for, which for most nodes is never.
import type { SourceNode } from "./model.js";

/** Turns string offsets into rows and columns, as tree-sitter counts them (rows at `\n`). */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  position(index: number): { row: number; column: number } {
    let starts = this.starts;
    if (!starts) {
      starts = this.starts = [0];
      const t = this.text;
      for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo]! };
  }
}

export class SpanNode implements SourceNode {
  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly lines: LineIndex,
  ) {}

  get text(): string {
    return this.lines.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): { row: number; column: number } {
    return this.lines.position(this.startIndex);
  }

  get endPosition(): { row: number; column: number } {
    return this.lines.position(this.endIndex);
  }
}
