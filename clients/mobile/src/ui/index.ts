export { Button } from './Button';
export { TextField } from './TextField';
export { Card, Row, Screen, Section } from './Screen';
export { Empty, ErrorText, LoadMore, Loading } from './Status';
