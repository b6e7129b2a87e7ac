export { copyPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
export { startPostgresServer, type PostgresServer, type PostgresServerOptions } from './postgres-server.js';
