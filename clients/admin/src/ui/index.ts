/** The panel's building blocks: every page uses these instead of re-making them. */
export { PageHeader } from './PageHeader';
export { ErrorAlert } from './ErrorAlert';
export { CursorGrid, useCursorPages } from './CursorGrid';
export { NotAllowed } from './NotAllowed';
export { Loading } from './Loading';
export { useCanEditCatalog } from './region';
export { useAction } from './useAction';
