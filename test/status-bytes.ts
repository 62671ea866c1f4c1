// Status files as bytes, built from the layouts in docs/live-status.md: the decoders' tests and the
// rules' tests write them where a supervisor would.
import { DJB_TAI_OFFSET, SKALIBS_TAI_OFFSET } from "../src/live/status.js";

export const NOW = Date.UTC(2025, 4, 20, 12, 0, 0);

/** A TAI64N label for a Unix time in milliseconds. */
export function tai(unixMs: number, offset: number): number[] {
  const secs = Math.floor(unixMs / 1000) + offset;
  const nano = Math.round((unixMs - Math.floor(unixMs / 1000) * 1000) * 1e6);
  const out = new Uint8Array(12);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x40000000 + Math.floor(secs / 2 ** 32));
  v.setUint32(4, secs % 2 ** 32);
  v.setUint32(8, nano);
  return [...out];
}

export const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

export function daemontools(
  o: { ago: number; pid: number; paused?: boolean; want: string | 0 },
  now = NOW,
): Uint8Array {
  const want = o.want === 0 ? 0 : o.want.charCodeAt(0);
  return Uint8Array.from([...tai(now - o.ago * 1000, DJB_TAI_OFFSET), ...le32(o.pid), o.paused ? 1 : 0, want]);
}

export function runit(
  o: { ago: number; pid: number; paused?: boolean; want: "u" | "d"; term?: boolean; state: number },
  now = NOW,
) {
  return Uint8Array.from([
    ...tai(now - o.ago * 1000, DJB_TAI_OFFSET),
    ...le32(o.pid),
    o.paused ? 1 : 0,
    o.want.charCodeAt(0),
    o.term ? 1 : 0,
    o.state,
  ]);
}

export function s6(
  o: {
    ago: number;
    readyAgo?: number;
    pid: number;
    wstat?: number;
    paused?: boolean;
    finishing?: boolean;
    wantUp?: boolean;
    ready?: boolean;
  },
  now = NOW,
): Uint8Array {
  const tail = new Uint8Array(11);
  const v = new DataView(tail.buffer);
  v.setUint32(0, Math.floor(o.pid / 2 ** 32));
  v.setUint32(4, o.pid % 2 ** 32);
  v.setUint16(8, o.wstat ?? 0);
  tail[10] = (o.paused ? 1 : 0) | (o.finishing ? 2 : 0) | (o.wantUp ? 4 : 0) | (o.ready ? 8 : 0);
  return Uint8Array.from([
    ...tai(now - o.ago * 1000, SKALIBS_TAI_OFFSET),
    ...tai(now - (o.readyAgo ?? o.ago) * 1000, SKALIBS_TAI_OFFSET),
    ...tail,
  ]);
}

export const dtally = (records: Array<{ ago: number; code: number; sig: number }>, now = NOW): Uint8Array =>
  Uint8Array.from(records.flatMap((r) => [...tai(now - r.ago * 1000, SKALIBS_TAI_OFFSET), r.code, r.sig]));
