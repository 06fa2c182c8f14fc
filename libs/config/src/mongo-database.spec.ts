import { InvalidConfigError } from './errors/invalid-config.error';
import { resolveMongoDatabase } from './mongo-database';

describe('resolveMongoDatabase', () => {
  it('takes the option, else the variable, else the fallback', () => {
    expect(resolveMongoDatabase('env', 'fallback', 'option')).toBe('option');
    expect(resolveMongoDatabase('env', 'fallback')).toBe('env');
    expect(resolveMongoDatabase('', 'fallback')).toBe('fallback');
    expect(resolveMongoDatabase(undefined, 'fallback')).toBe('fallback');
  });

  it.each(['a.b', 'a b', 'a/b', 'a$b', 'x'.repeat(64)])('refuses %s naming MONGO_DATABASE', (name) => {
    expect(() => resolveMongoDatabase(name, 'fallback')).toThrow(InvalidConfigError);
    expect(() => resolveMongoDatabase(undefined, 'fallback', name)).toThrow(
      /^MONGO_DATABASE is invalid \(not a valid database name\)/,
    );
  });
});
