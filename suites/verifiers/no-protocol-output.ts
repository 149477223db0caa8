/**
 * Without the bootstrap variables a library is a no-op: it writes no protocol message anywhere
 * (docs/PROTOCOL.md#standalone-no-op).
 */
import { failed, type Verifier } from "../model/case.js";
import { quote } from "./transcript.js";

/** No protocol line on any stream, and nothing in the messages file; `code` names the failure. */
export function noProtocolOutput(code: string): Verifier {
  return {
  name: "no-protocol-output",
  codes: [code],
  check: ({ record }) => {
    const written = record.transcript.filter((line) => line.protocol);
    const stray = record.strayProtocolLines;
    if (written.length > 0 || stray.length > 0) {
      const lines = [...written.slice(0, 2).map(quote), ...stray.slice(0, 2).map((line) => ({ channel: line.stream, lineNumber: line.lineNumber, text: line.text.slice(0, 240) }))];
      return failed(code, "no protocol message (standalone no-op)", `${written.length + stray.length} protocol message(s) written`, lines);
    }
    return { status: "pass" };
  },
};
}
