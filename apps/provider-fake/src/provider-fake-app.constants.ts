/** Port of the fake when `PROVIDER_FAKE_PORT` is not set. */
export const DEFAULT_PROVIDER_FAKE_PORT = 4010;
/** Host the fake listens on when `PROVIDER_FAKE_HOST` is not set. */
export const DEFAULT_PROVIDER_FAKE_HOST = '127.0.0.1';

/** Provider token of the {@link RunningProviderFake} (the fake and its database). */
export const RUNNING_PROVIDER_FAKE = Symbol('switchyard:running-provider-fake');
