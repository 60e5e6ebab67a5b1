// `npm run bench:import`: the CSV import budget of issue #3 (100,000 contacts under 15 s, first
// import and the same file again), through the real service, in a tenant transaction as the
// app role, into a new business of a database that may hold other businesses (the large one of
// `npm run db:seed:large` when present). Also run by `npm run bench:contacts`.
// The file is generated, deterministic and shaped like a real CRM export: accented and non-Latin
// names with a long tail of family names, phones in mixed formats (some international, some with
// extensions), e-mails, companies, tags, do-not-call and consent columns, a few repeated people
// and about 1% bad rows.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { ROOT, withMigratedDatabase } from "../boot";
import { env } from "../env";
import { systemDb } from "../db";
import { importContacts } from "./import";

const GIVEN = `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly
Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie
José María Jesús Ángel Adrián Álvaro Lucía Sofía Martín Inés Noémie Chloé Zoë Anaïs Hélène Amélie Françoise Jérôme Éric Raphaël
Björn Søren Åsa Jürgen Jörg Günther Małgorzata Łukasz Paweł Zbigněk Dvořák Ágnes Gábor Tomás João Conceição Gonçalo Ştefan
Nguyễn Thảo Minh Hương Priya Aarav Ananya Wei Mei Yuki Haruto Sakura Hiroshi Ahmed Fatima Mohammed Aisha Omar Noor Layla Yusuf
Olga Ivan Dmitri Natalia Sergei Svetlana Chidi Ngozi Kwame Amara Thandiwe Sipho Liam Noah Oliver Elijah Lucas Mateo Isabella
Mia Charlotte Amelia Harper Evelyn Aria Camila Valentina Nicolás Sebastián Matías Emilia Renée Siobhán Seán Niamh Caoimhe Eóin`.split(/\s+/);
const FAMILY = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King
García Martínez Rodríguez Fernández González Sánchez Pérez Gómez Díaz Muñoz Álvarez Jiménez Ruiz Hernández Núñez Peña Ibáñez
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Köhler Böhm Groß Dubois Lefèvre Bernard Moreau Laurent Girard
Rousseau Bonnet Dupré Fontaine Chevalier Côté Gagnon Bouchard Nowak Kowalski Wiśniewski Wójcik Kowalczyk Dvořáková Novák
Svoboda Horváth Nagy Tóth Szabó Kovács Silva Santos Oliveira Souza Gonçalves Ferreira Pereira Costa Rossi Russo Ferrari Esposito
Bianchi Romano Colombo Ricci O'Brien O'Connor Murphy Kelly Walsh Byrne Ryan MacDonald McLeod Nguyễn Trần Lê Phạm Hoàng Kim Park
Choi Chen Wang Li Zhang Liu Yang Huang Patel Shah Singh Kumar Sharma Gupta Khan Ali Hussain Ivanov Petrov Smirnov Yılmaz Kaya
Demir Şahin Çelik Öztürk Okafor Adeyemi Mensah Dlamini Nkosi Andersson Johansson Karlsson Nilsson Jensen Nielsen Hansen Larsen`.split(/\s+/);
// Syllables for the long tail of family names (a real list of 100,000 people has tens of
// thousands of distinct ones: each a new word for the business's name-word index).
const SYLLABLES = `ba be bo da de di do fa fe ga go ha he ka ke ki ko la le li lo ma me mi mo na ne ni no pa pe ra re ri ro sa se
si so ta te ti to va ve vi wa we za ze ber son sen man ner ski ova ich vic ez es ton ley field wood berg stein dal ström`.split(/\s+/);
const COMPANY_WORDS = `Acme Dental Realty Plumbing Electric Bakery Boulangerie Café Studio Legal Partners Consulting Logistics Auto Repair
Salon Fitness Clinic Veterinary Roofing Landscaping Design Media Marketing Accounting Insurance Bistro Pâtisserie Atelier Garage
Construcciones Inmobiliaria Zahnarztpraxis Steuerberatung Bäckerei Tischlerei Blue Cedar Apex Summit Harbor Northern Golden
Pacific Maple Riverside Évora Zürich München Montréal Québec São Paulo Kraków`.split(/\s+/);
const COMPANY_SUFFIX = ["LLC", "Inc.", "Ltd", "& Sons", "GmbH", "S.A.", "SARL", "Co.", "", "", ""];
const DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.fr", "web.de", "orange.fr", "proton.me"];
const TAGS = ["vip", "lead", "newsletter", "customer", "prospect", "wholesale", "referral", "event-2026", "churn-risk"];
const AREA = ["415", "212", "312", "617", "303", "512", "206", "404", "305", "702", "213", "646", "718", "914", "503"];

/** A small deterministic generator (mulberry32): the same file on every run and machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(field: string): string {
  return /[",\n;]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

const ascii = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]/g, "").toLowerCase();

/**
 * `rows` data rows: every row a distinct person except about 0.5% repeated (same e-mail, another
 * phone format), and about 1% rejected (unreadable phone, bad e-mail, nothing to identify
 * anyone, an unclear do-not-call value).
 */
export function realisticContactsCsv(rows: number, seed = 3): string {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const lines = ["Customer ID,First Name,Last Name,Phone,Email,Company,Tags,Do Not Call,Marketing Consent,City"];
  const people: string[][] = [];
  for (let i = 0; i < rows; i += 1) {
    // A person from earlier in the file again, with their number written another way.
    if (i > 100 && rnd() < 0.005) {
      const again = [...pick(people)];
      again[3] = again[3]!.replace(/\s*x\d+$/, "").replace(/[^\d+]/g, "");
      lines.push(again.map(quote).join(","));
      continue;
    }
    const given = pick(GIVEN);
    const family = rnd() < 0.6 ? pick(FAMILY) : `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`.replace(/^./, (c) => c.toUpperCase());
    // Unique numbers: each area code in turn, then the next number in it.
    const n = 2_000_000 + Math.floor(i / AREA.length) * 7;
    const area = AREA[i % AREA.length]!;
    const exchange = String(200 + (Math.floor(n / 10_000) % 800));
    const line = String(n % 10_000).padStart(4, "0");
    const formats = [
      `(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `+1 ${area} ${exchange} ${line}`,
      `${area}${exchange}${line}`, `1-${area}-${exchange}-${line}`, `(${area}) ${exchange}-${line} x${1 + (i % 90)}`,
      `+44 20 7${String(i).padStart(7, "0").slice(0, 3)} ${String(i).padStart(7, "0").slice(3)}`,
      `+33 6 ${String(i).padStart(8, "0").replace(/(\d\d)(?=\d)/g, "$1 ")}`,
    ];
    const f = rnd();
    const phone = formats[f < 0.04 ? 7 : f < 0.06 ? 8 : Math.floor(rnd() * 7)]!;
    const email = rnd() < 0.08 ? "" : `${ascii(given)}.${ascii(family)}${i}@${pick(DOMAINS)}`;
    const company = rnd() < 0.45 ? "" : `${pick(COMPANY_WORDS)} ${pick(COMPANY_WORDS)} ${pick(COMPANY_SUFFIX)}`.trim();
    const tags = rnd() < 0.6 ? "" : rnd() < 0.5 ? pick(TAGS) : `${pick(TAGS)};${pick(TAGS)}`;
    const dnc = rnd() < 0.04 ? "yes" : rnd() < 0.5 ? "no" : "";
    const consent = rnd() < 0.3 ? "granted" : rnd() < 0.1 ? "denied" : "";
    const row = [`CRM-${100000 + i}`, given, family, phone, email, company, tags, dnc, consent, rnd() < 0.5 ? "" : pick(["Lyon", "Austin", "Zürich", "Kraków", "São Paulo"])];
    // About 1% broken, each in one way.
    if (i % 100 === 37) {
      const kind = (i / 100) % 4;
      if (kind < 1) row[3] = "call me maybe";
      else if (kind < 2) row[4] = "jane@";
      else if (kind < 3) row.splice(1, 5, "", "", "", "", "");
      else row[7] = "perhaps";
    }
    people.push(row);
    lines.push(row.map(quote).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

export interface ImportBenchResult {
  label: string;
  seconds: number;
  /** CPU seconds of this process and of the embedded PostgreSQL (all its processes); null when not embedded. */
  nodeCpu: number;
  databaseCpu: number | null;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

/**
 * CPU seconds used so far by the embedded PostgreSQL's processes (the postmaster and its
 * children: the import's backend, autovacuum, the WAL writer...), or null when it is not running here.
 */
function databaseCpu(): number | null {
  const pidFile = join(ROOT, env().DATA_DIR, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const postmaster = readFileSync(pidFile, "utf8").split("\n")[0]!.trim();
  if (!existsSync(`/proc/${postmaster}`)) return null;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // /proc/<pid>/stat after the command name: state, ppid, ..., utime and stime (fields 12-13 here).
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (fields[1] === postmaster || pid === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

/** Imports `rows` generated contacts into a new business, then the same file again; prints a table. */
export async function runImportBench(rows = 100_000): Promise<ImportBenchResult[]> {
  const csv = realisticContactsCsv(rows);
  const biz = await systemDb().tenant.create({ data: { name: "Import bench", slug: `import-bench-${Date.now()}` } });
  const results: ImportBenchResult[] = [];
  try {
    for (const label of ["first import", "same file again"]) {
      const started = performance.now();
      const node0 = process.cpuUsage();
      const db0 = databaseCpu();
      const r = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]));
      const node = process.cpuUsage(node0);
      const db1 = databaseCpu();
      results.push({
        label,
        seconds: (performance.now() - started) / 1000,
        nodeCpu: (node.user + node.system) / 1e6,
        databaseCpu: db0 === null || db1 === null ? null : db1 - db0,
        created: r.created,
        updated: r.updated,
        skipped: r.skipped,
        rejected: r.rejectedCount,
      });
    }
  } finally {
    await systemDb().tenant.delete({ where: { id: biz.id } });
  }
  console.log(`\n| CSV import, ${rows.toLocaleString("en-US")} rows (${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB) | seconds | node CPU s | database CPU s | created | updated | skipped | rejected | budget |`);
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.nodeCpu.toFixed(1)} | ${r.databaseCpu?.toFixed(1) ?? "-"} | ${r.created} | ${r.updated} | ${r.skipped} | ${r.rejected} | ${r.seconds < 15 ? "ok" : "OVER"} (< 15 s) |`,
    );
  }
  return results;
}

// `npm run bench:import [-- --rows 100000]`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--rows");
  const rows = at > 0 ? Number(process.argv[at + 1]) : 100_000;
  await withMigratedDatabase(() => runImportBench(rows));
}
