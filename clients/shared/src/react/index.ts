/** React bindings of @miw/client-shared. */
export { MiwClientProvider, useMiw, type MiwClient, type MiwClientProviderProps } from './provider';
export { useEmailCodeLogin, useErrorText, useFormat, useSignOut, type LoginStep } from './hooks';
