/** What BENCHMARKS.md says about how the figures are measured and the choices behind them. */
export function benchmarkNotes(defaultConcurrency: number): string {
  return `## How it is measured

- **Sync over a slow network.** The DSS emulator runs as a loopback HTTP server in the benchmark
  process and delays every answer by L; it serves a synthetic instance (20 projects × 40 datasets ×
  20 recipes, 4–16 schema columns, format parameters, code and visual payloads). \`dataiku-iac sync
  --all\` and \`drift --all\` run as separate processes, timed from spawn to exit (Node start-up
  included). The emulator counts the requests and the most in flight at once. L runs from a
  request's arrival to its answer, the emulator's own work included, as it would for a real server.
  The ideal bound is requests × L / concurrency: the network time alone, with every slot always
  busy and the client costing nothing. It cannot be reached: on this machine a fetch-based client
  spends about 2 ms per request on loopback HTTP (a slot is busy for L + 2 ms, not L), and Node's
  start-up, loading the state and saving it add a fixed 0.2–0.4 s.
- **State at scale.** A synthetic instance is synced for real (emulator, DSS client, syncs) and its
  projects copied under new keys up to 100,000 resources (their size is given under the table); a
  second file has 1% of the resources changed. Every operation and its bare counterpart runs in a fresh
  process, so each has its own timing and peak memory (max RSS, which includes Node itself): load
  (\`LocalFileBackend.load\`: parse, schema, duplicate keys, every checksum) against reading the file
  and \`JSON.parse\`; save (validation, backup, write, fsync, verification) against
  \`JSON.stringify\` + write + fsync; \`dataiku-iac diff\` against parsing both files; \`dataiku-iac
  show\` against parsing the file. Peak memory is compared with the bytes the operation reads.
- **State through PostgreSQL.** The same 100,000-resource state in \`PostgresBackend\`, on a
  throwaway PostgreSQL 17 server on loopback with default settings (fsync on), each operation in a
  fresh process, against \`LocalFileBackend\` measured the same way: load (every checksum verified)
  against the local load; a save that writes every resource (into an empty environment, lock
  included) against the local save, which always rewrites the whole file; and a sync's save, which
  loads the state, changes 10 resources spread over it and saves (timed: the save), against the
  save of every resource.
- **Loading a configuration.** A directory of 10,000 objects (50 YAML files of 200 objects, one
  dataset or recipe per line as the README writes them, with code files for the Python and SQL
  recipes and a secret reference in a third of the datasets), loaded and checked
  (\`loadConfiguration\` + \`checkReferences\`) in a new process each run, timed inside it.
- **Plan.** \`dataiku-iac plan\` of the synthetic instance above (20 projects × 40 datasets × 20
  recipes, 1,220 objects) imported as YAML with \`dataiku-iac import\`, so nothing changes: every
  declared project is read from DSS as \`drift\` reads it, at L = 20 ms, timed from spawn to exit;
  ideal as for sync. Each plan run is followed by \`drift --all\` of the same projects, timed the
  same way, so that plan's own work (its configuration and the comparison) shows against a command
  that reads the same objects on the same machine at the same moment. The same GETs are then sent by a minimal client (\`minimal-client.js\`: Node's
  \`http\` with kept-alive connections at the same concurrency, each answer parsed, nothing else),
  timed the same way: what any client could do on this machine, where Node's start-up, the loopback
  and the emulator's timers (an answer comes up to a millisecond after L) are part of every run.
  Then planning 100,000 declared resources with \`--refresh=false\` against a
  state of the same resources (as an apply leaves it: DSS's extra keys, secrets as keyed hashes,
  every resource managed), the configuration already loaded (its own cost is the row above, and
  the whole command's is shown), against \`LocalFileBackend.load\` of that state.
- **Apply.** \`dataiku-iac apply PLANFILE\` of 500 operations over 20 projects (per project: 12
  datasets updated, 8 created, 5 Python recipes created writing the new datasets), set up without
  latency (import, YAML edited, \`plan --out\`), then each run from the same DSS (emulator reset) and
  a copy of the same state, at L = 20 ms, timed from spawn to exit: journal fsyncs, checkpoints,
  the final save and Node's start-up included. The plan has two dependency levels (datasets, then
  the recipes that write them). The ideal bound sums, over the levels, the longer of the level's
  requests × L / concurrency and the requests one operation must send one after the other × L (an
  update reads the object, writes it and reads it back). The issue's bound counts operations; it is
  counted in requests because no operation can take fewer than three against DSS: the read that
  checks the plan's fingerprint (and that an update merges into), the write, and the read back that
  the state records (DSS answers a write with an empty body). Counted in operations the ideal would
  be a third, and the apply about 3.7× it.

## Main choices

- **Requests.** Lists are used only for names, then every object is read with its own GET (the
  contract's rule), so a sync makes one request per dataset or recipe plus four per project and one
  for the project list. All projects are read at once: their requests go through one queue bounded
  by the client's concurrency (default ${defaultConcurrency}), so slots never wait for another
  project to finish and never exceed the limit. A slot is held only while a request is on the wire,
  never during a retry's backoff. Keep-alive connections are reused.
- **Default concurrency ${defaultConcurrency}.** Past about 10 requests in flight the client's own
  work per request, not the network, bounds a single Node process on 2 cores: more slots stop
  shortening the sync and only add load on DSS. 8 falls short of the 8× speed-up at L = 20 ms; 12
  moves further from the ideal bound. \`--concurrency\` changes it per run.
- **Start-up.** Imports used only for types are erased, so the CLI does not load modules (ajv,
  msw) it needs only for their types; the state schema's validator is compiled ahead of time (ajv
  standalone code, generated when the schema package is built) instead of on every start (about
  150 ms).
- **Checksums.** Canonical JSON is produced natively by \`JSON.stringify\` whenever an object's keys
  are already in canonical order (attributes are stored that way), then rewritten to Python's
  separators in one pass over bytes; a reference serialiser handles the rest. The cost is linear in
  the size of the attributes.
- **Load.** One scan of the file's bytes finds duplicate keys and rewrites each resource's
  attributes into canonical form as it goes, confirming its checksum by hashing them; the resources
  it cannot confirm (attributes not canonical in the file) are recomputed from the parsed objects.
  From 4 MiB the scan runs in a worker thread while the main thread parses and validates: the bytes
  move to the worker (transferred, not copied) and are freed the moment it ends, so a command that
  loads a state and then saves it does not carry the file's size in memory into the save. The
  schema validator is compiled ahead of time.
- **Save.** A save whose content equals the file (known from the file's identity, without reading
  it again) writes nothing. Otherwise the state is written in chunks of about 100 KB, and the same
  scan confirms every checksum from the bytes of each chunk, before the file can replace the old
  one: in the main thread for the first 4 MiB, then in a worker thread while the next chunks are
  serialised and written. The previous file is kept as a backup through a hard link (no copy).
- **Diff.** Resources are compared by checksum; only the modified ones are compared attribute by
  attribute.
- **Plan** reads DSS through the same queue as sync, for the declared projects (and those holding
  managed resources) only, and compares only the declared keys of each object. The projects the
  state manages are read while the configuration is loaded in a worker thread (then the declared
  ones it does not manage). The configuration costs little now (the benchmark's 1.3 MB of YAML is
  read in well under 0.2 s), and plan takes about 5% longer than \`drift --all\` of the same
  instance, measured back to back. What is left of the gap to the ideal bound is the same for both,
  CPU on 2 cores: Node's start-up and the state load (about 0.3 s before the first request); the
  first hundred requests, which run while V8 is still compiling the HTTP code (the queue fills up
  only after about 0.5 s); then about 1 ms of the main thread per request in \`fetch\` and ky; and
  the emulator serving the requests on the same machine. Swapping \`fetch\` for \`node:http\` under
  ky was tried: 20% less CPU per request, but only 1 to 2% of the plan's time. Planning with
  \`--refresh=false\` loads the state, checks references and cycles (on a numbered graph), and
  compares the declared keys with one path that grows and shrinks; the state keeps its sorted ids,
  and the secrets' keyed hashes are computed only for resources with an action.
- **Apply** runs up to twice the client's concurrency of operations at once, each as soon as what it
  needs is done (not level by level), while the client keeps at most its concurrency of requests in
  flight: a request slot that one operation frees while it records its outcome is taken at once by
  another. An operation's first read goes out while its intent record is being fsynced; only its
  writes wait for that record to be durable; its done record is fsynced in the background. Records
  of operations running at once share one write and one fsync. Checkpoint saves (every 100
  operations) run in the background on a snapshot of the state: the journal already holds every
  outcome, so no operation waits for a save.
- **Configuration loading** reads each YAML file with the first of three readers that accepts it,
  all keeping every key's line and column for error messages. Files whose every value fits on its
  line (block maps and sequences, plain or quoted scalars and flow collections on one line,
  comments), as \`import\` writes them, are read in one pass over the text, at about 40 MB/s. Files
  with multi-line or block scalars are turned into values straight from the \`yaml\` parser's syntax
  tree (1 to 2 MB/s), and anything else (anchors, aliases, tags, explicit or duplicate keys,
  errors…) goes through its composer. Seeded tests of thousands of mutated files check that each
  fast reader reads the same values at the same places as the composer, or declines the file.
  \`loadConfiguration\` loads in the calling thread; \`plan\` asks for worker threads (from 256 KB
  of YAML, at most one per CPU but one), which send each file's resources back as JSON text as soon
  as it is loaded, so that its main thread stays free for DSS's answers. Of the remaining time,
  most goes to checking and declaring 10,000 objects, reading 3,000 code files and hashing every
  file, and garbage collection; the YAML itself is a tenth of it.
`;
}
