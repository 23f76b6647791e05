import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  /** From the file name: `0002_add_reports.sql` → 2. */
  version: number;
  name: string;
  sql: string;
  /** sha256 of the file, so an edited migration that was already applied is caught. */
  checksum: string;
}

/** db/migrations, found from src/ and from dist/ alike (both sit one level below the package). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

const FILE_NAME = /^(\d+)_([a-z0-9_]+)\.sql$/;

export class MigrationFileError extends Error {
  override readonly name = 'MigrationFileError';
}

/** Every `NNNN_name.sql` in the directory, ordered by version; gaps and duplicates are refused. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of entries) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationFileError(`migration file name must look like 0001_name.sql: ${file}`);
    const sql = await readFile(join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationFileError(
        `migration versions must run 1, 2, 3… without gaps; found ${migration.version} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}
