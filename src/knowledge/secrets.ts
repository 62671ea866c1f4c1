// Names that hold secrets, shared by the rules that judge where secrets are kept
// (inline-secrets: in the script; env-dir-permissions: in env files).

/** Variable and option names that hold secrets (after splitting on `_` and `-`). */
export const SECRET_NAME =
  /(^|[_-])(pass|passwd|password|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|secret[_-]?key|auth[_-]?token|credentials?|requirepass)$/i;
/** Names that hold where a secret is, not the secret (`PASSWORD_FILE=/run/secrets/db`). */
export const REFERENCE_NAME = /[_-](file|path|dir|length|len|min|max|env|var|name|url|uri|host)$/i;
/** Connection strings that usually carry a password: `DATABASE_URL`, `REDIS_DSN`. */
const CONNECTION = /(^|[_-])(dsn|database[_-]url|db[_-]url|redis[_-]url|amqp[_-]url|mongo(db)?[_-]ur[il])$/i;

/** Whether an env file or variable of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return CONNECTION.test(name) || (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name));
}
