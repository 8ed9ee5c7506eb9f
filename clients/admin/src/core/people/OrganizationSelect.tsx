/** A native select of the organizations of one kind (the API's first 100 are plenty for a choice). */
import { TextField, type TextFieldProps } from '@mui/material';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import type { OrganizationKind } from '../../gql/graphql';
import { OrganizationsDocument } from '../operations';

export function OrganizationSelect({ kind, value, onChange, testId, ...rest }: { kind: OrganizationKind | null; value: string; onChange(id: string): void; testId: string } & Pick<TextFieldProps, 'error' | 'helperText' | 'required' | 'disabled'>) {
  const { t } = useTranslation();
  const { data } = useQuery(OrganizationsDocument, { variables: { filter: kind ? { kind } : {}, first: 100 } });
  return (
    <TextField select label={t('core.users.organization')} value={value} onChange={(e) => onChange(e.target.value)} {...rest} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': testId }, inputLabel: { shrink: true } }}>
      <option value="">{t('core.none')}</option>
      {data?.organizations.edges.map(({ node }) => (
        <option key={node.id} value={node.id}>
          {node.name}
        </option>
      ))}
    </TextField>
  );
}
