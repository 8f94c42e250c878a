import type { DecodedEsr, EsrField } from './types.ts';

/**
 * Text and JSON renderings of a decoded ESR, shared by the CLI and the web page.
 *
 * JSON shape (stable): `{ esr: "0x…" (the 64-bit value as a hex string), ec: {value, name, description},
 * il: 0|1, iss: number, iss2: number, fields: [{name, start, width, value, description, fields}],
 * warnings: string[] }`. Every field value is a JSON number: no field is wider than 25 bits, so all are
 * exact; only the whole ESR, which can exceed 2^53, is a string.
 */

export interface EsrJsonField {
  name: string;
  start: number;
  width: number;
  value: number;
  description: string;
  fields: EsrJsonField[];
}

export interface EsrJson {
  esr: string;
  ec: { value: number; name: string; description: string };
  il: 0 | 1;
  iss: number;
  iss2: number;
  fields: EsrJsonField[];
  warnings: string[];
}

const jsonField = (f: EsrField): EsrJsonField => ({
  name: f.name, start: f.start, width: f.width, value: f.value, description: f.description, fields: f.fields.map(jsonField),
});

export function esrToJson(d: DecodedEsr): EsrJson {
  return {
    esr: `0x${d.esr.toString(16)}`,
    ec: { ...d.ec }, il: d.il, iss: d.iss, iss2: d.iss2,
    fields: d.fields.map(jsonField),
    warnings: [...d.warnings],
  };
}

function bitRange(f: EsrField): string {
  const hi = f.start + f.width - 1;
  return hi === f.start ? `${hi}` : `${hi}..${f.start}`;
}

/**
 * A bit-range tree, one field per line, sub-fields indented:
 * `31..26 EC    0x34  Watchpoint exception from a lower Exception level`.
 * Without `verbose`, RES0 ranges that are zero and the sub-fields of an all-zero ISS2 are left out;
 * with it, everything is shown with long names and explanations.
 */
export function formatEsrTree(d: DecodedEsr, verbose = false): string {
  const lines: string[] = [`ESR 0x${d.esr.toString(16).padStart(8, '0')}: ${d.ec.description} (${d.ec.name})`];
  const walk = (fields: EsrField[], depth: number) => {
    const shown = fields.filter((f) => verbose || f.kind !== 'res0' || f.value !== 0);
    const nameW = Math.max(4, ...shown.map((f) => f.name.length));
    for (const f of shown) {
      const indent = '  '.repeat(depth);
      const head = `${indent}${bitRange(f).padEnd(6)} ${f.name.padEnd(nameW)} ${('0x' + f.value.toString(16)).padEnd(9)}`;
      lines.push(`${head} ${f.description}`.trimEnd());
      if (verbose) {
        const pad = ' '.repeat(indent.length + 7);
        if (f.longName) lines.push(`${pad}(${f.longName})`);
        if (f.detail) lines.push(`${pad}${f.detail}`);
      }
      const hideChildren = !verbose && f.name === 'ISS2' && f.value === 0;
      if (f.fields.length && !hideChildren) walk(f.fields, depth + 1);
    }
  };
  walk(d.fields, 0);
  for (const w of d.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}
