import { redactUrls } from '@switchyard/config';
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${VAR}` placeholders from `env`; lists the variables that are not set. */
export function resolvePlaceholders(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(PLACEHOLDER, (_, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') {
      missing.push(name);
      return '';
    }
    return encodeURIComponent(v);
  });
  return { value, missing };
}

/** Text with every URI password hidden (`amqp://user:***@host/vhost`), fit for reports and diffs. */
export function maskUriPassword(text: string): string {
  return redactUrls(text);
}

/**
 * An AMQP URI fit for a file: a literal password becomes a `${VAR}` placeholder (named by `fallbackEnv`),
 * one already written as a placeholder stays as it is.
 */
export function placeholderUriPassword(uri: string, fallbackEnv: string): string {
  return uri.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)([^@]*)@/i, (all, head: string, password: string) =>
    /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(password) ? all : `${head}\${${fallbackEnv}}@`,
  );
}
