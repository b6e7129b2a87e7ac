import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { copyPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';

export interface PostgresServerOptions {
  /** `postgres -c name=value` settings, e.g. `{ fsync: 'off' }` for tests. */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * The lines of pg_hba.conf. Default: every user, every database, password (SCRAM) over TCP from
   * 127.0.0.1.
   */
  readonly hba?: readonly string[];
}

/** A PostgreSQL server of its own, on 127.0.0.1, with the superuser `postgres`. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly superuser: { readonly user: string; readonly password: string };
  /** `postgres://user:password@127.0.0.1:port/database`, parts percent-encoded. */
  url(user: string, password: string | undefined, database: string): string;
  /** Run SQL as the superuser, on one connection opened for it. */
  query(sql: string, values?: readonly unknown[], database?: string): Promise<pg.QueryResult>;
  /** Fast shutdown (open sessions are ended, open transactions rolled back); the data stays. */
  stop(): Promise<void>;
  /** Start again after `stop`, on the same port. */
  start(): Promise<void>;
  /** Stop and delete the data directory and the programs. */
  close(): Promise<void>;
}

const DEFAULT_HBA = ['host all all 127.0.0.1/32 scram-sha-256'];
/** Generous: the machine may be loaded. Only a server that never comes up waits this long. */
const STARTUP_DEADLINE_MS = 120_000;

/**
 * Start a throwaway PostgreSQL server in a new temporary directory, on a free loopback port. When
 * this process runs as root (CI containers), the server runs as the unprivileged user `nobody`,
 * since PostgreSQL refuses to run as root.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-postgres-'));
  try {
    await chmod(work, 0o755);
    const binaries = await copyPostgresBinaries(join(work, 'native'));
    const owner = await serverUser();
    const data = join(work, 'data');
    await mkdir(data, { mode: 0o700 });
    const password = randomBytes(18).toString('base64url');
    const passwordFile = join(work, 'password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner !== undefined) {
      await chown(data, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
    await run(binaries.initdb, ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-sync'], owner);
    await rm(passwordFile);
    await writeFile(join(data, 'pg_hba.conf'), `${(options.hba ?? DEFAULT_HBA).join('\n')}\n`);
    if (owner !== undefined) await chown(join(data, 'pg_hba.conf'), owner.uid, owner.gid);
    const server = new RunningServer({ work, binaries, data, owner, password, settings: options.settings ?? {} });
    await server.start();
    return server;
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

class RunningServer implements PostgresServer {
  readonly host = '127.0.0.1';
  port = 0;
  readonly superuser: { readonly user: string; readonly password: string };
  private process: ChildProcess | undefined;
  private log = '';
  private readonly killOnExit = (): void => {
    this.process?.kill('SIGKILL');
  };

  private readonly work: string;
  private readonly binaries: PostgresBinaries;
  private readonly data: string;
  private readonly owner: Owner | undefined;
  private readonly settings: Readonly<Record<string, string>>;

  constructor(init: { work: string; binaries: PostgresBinaries; data: string; owner: Owner | undefined; password: string; settings: Readonly<Record<string, string>> }) {
    this.work = init.work;
    this.binaries = init.binaries;
    this.data = init.data;
    this.owner = init.owner;
    this.settings = init.settings;
    this.superuser = { user: 'postgres', password: init.password };
  }

  url(user: string, password: string | undefined, database: string): string {
    const credentials = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
    return `postgres://${credentials}@${this.host}:${this.port}/${encodeURIComponent(database)}`;
  }

  async query(sql: string, values: readonly unknown[] = [], database = 'postgres'): Promise<pg.QueryResult> {
    const client = new pg.Client({ host: this.host, port: this.port, user: this.superuser.user, password: this.superuser.password, database });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.query(sql, [...values]);
    } finally {
      await client.end();
    }
  }

  async start(): Promise<void> {
    if (this.process !== undefined) return;
    // A free port now may be taken before the server binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      if (this.port === 0 || attempt > 1) this.port = await freePort();
      try {
        await this.launch();
        return;
      } catch (error) {
        if (attempt >= 3 || !this.log.includes('could not bind')) throw error;
      }
    }
  }

  private async launch(): Promise<void> {
    this.log = '';
    const settings = { listen_addresses: this.host, port: String(this.port), unix_socket_directories: '', ...this.settings };
    const args = ['-D', this.data, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    const child = spawn(this.binaries.postgres, args, { ...this.owner, env: serverEnvironment(), stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    process.on('exit', this.killOnExit);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.log = (this.log + chunk).slice(-20_000);
    });
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) => {
        reject(new Error(`postgres exited (${signal ?? code ?? 'unknown'}) while starting:\n${this.log}`));
      });
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([this.waitUntilReady(), exited]);
    } catch (error) {
      child.kill('SIGKILL');
      this.forget();
      throw error;
    }
    child.once('exit', () => {
      this.forget();
    });
  }

  private forget(): void {
    this.process = undefined;
    process.off('exit', this.killOnExit);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + STARTUP_DEADLINE_MS;
    for (;;) {
      try {
        await this.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections: ${(error as Error).message}\n${this.log}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    await rm(this.work, { recursive: true, force: true });
  }
}

/** The user the server runs as: none of our own unless we are root. */
async function serverUser(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const fields = passwd.split('\n').find((line) => line.startsWith('nobody:'))?.split(':');
  return { uid: Number(fields?.[2] ?? 65534), gid: Number(fields?.[3] ?? 65534) };
}

/** No secrets or locale of ours in the server's environment; messages in English. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
}

async function run(program: string, args: readonly string[], owner: Owner | undefined): Promise<void> {
  const child = spawn(program, args, { ...owner, env: serverEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${program} failed (${code ?? 'signal'}):\n${output}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}
