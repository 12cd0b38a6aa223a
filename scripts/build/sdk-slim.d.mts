import type { Plugin } from 'rollup';

export const TWILSOCK_UTF8_NATIVE: string;
export function hoistLicenseComments(): Plugin;
export function babelHelpersEsm(): Plugin;
export function conversationsEsm(): Plugin;
export function twilsockNativeUtf8(): Plugin;
