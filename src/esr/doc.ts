import { EC_TABLE } from './ec.ts';

/**
 * The decoder's feature list as a Markdown table, generated from the EC table (one row per allocated
 * exception class: value, Linux name, meaning, the Arm ARM ISS subsection decoded, ISS2 layout, the
 * feature it needs). A README generator includes this instead of a hand-kept list.
 */
export function ecFeatureTableMarkdown(): string {
  const rows = EC_TABLE.map((e) => {
    const iss = e.issSection.replace(/^Arm ARM D24\.2\.45 ESR_EL1, "ISS encoding for /, '').replace(/"$/, '');
    const iss2 = e.iss2 === 'other' ? '' : e.iss2 === 'dabt' ? 'Data Abort ISS2' : e.iss2 === 'iabt' ? 'Instruction Abort ISS2' : 'Watchpoint ISS2';
    const name = e.linux ? `\`${e.name}\`` : `\`${e.name}\` (not in Linux esr.h)`;
    return `| 0x${e.value.toString(16).padStart(2, '0')} | ${name} | ${e.description} | ${iss} | ${iss2} | ${e.feature ?? ''} | ${e.reportedIn} |`;
  });
  return [
    '| EC | Name | Exception class | ISS decoded ("ISS encoding for …") | ISS2 | Needs | Reported in |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n') + '\n';
}
