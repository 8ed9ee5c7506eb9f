/**
 * Integrations: the organization's webhook endpoints (create with URL and events, signing secret
 * shown once, rotate, delete, delivery log) and the person's API keys (key shown once, rotate,
 * revoke). Admins choose an organization to inspect its endpoints; endpoints are changed by their
 * own organization (the API acts on the caller's organization).
 */
import { Box, Button, Card, CardContent, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, FormGroup, FormLabel, IconButton, List, ListItem, ListItemText, Stack, TextField, Tooltip, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import DeleteIcon from '@mui/icons-material/Delete';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { ErrorAlert, Loading, PageHeader } from '../../ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { SecretDialog } from '../common/SecretDialog';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useSnackbar } from '../common/useSnackbar';
import type { CoreApiKeysQuery, CoreWebhooksQuery } from '../../gql/graphql';
import { OrganizationSelect } from '../people/OrganizationSelect';
import { ApiKeysDocument, CreateApiKeyDocument, CreateWebhookDocument, DeleteWebhookDocument, RevokeApiKeyDocument, RotateWebhookSecretDocument, WebhooksDocument } from '../operations';
import { DeliveriesDialog } from './DeliveriesDialog';

type Endpoint = CoreWebhooksQuery['webhookEndpoints'][number];
type ApiKey = CoreApiKeysQuery['myApiKeys'][number];

export default function IntegrationsPage() {
  const { t } = useTranslation();
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const { notify, snackbar } = useSnackbar();
  return (
    <>
      <PageHeader title={t('core.integrations.title')} />
      <Stack spacing={3}>
        <Webhooks onSecret={(title, value) => setSecret({ title, value })} notify={notify} />
        <ApiKeys onSecret={(title, value) => setSecret({ title, value })} notify={notify} />
      </Stack>
      <SecretDialog secret={secret?.value ?? null} title={secret?.title ?? ''} onClose={() => setSecret(null)} />
      {snackbar}
    </>
  );
}

interface SectionProps {
  onSecret(title: string, value: string): void;
  notify(text: string): void;
}

function Webhooks({ onSecret, notify }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useMiw();
  const isAdmin = session?.user.role === 'ADMIN';
  const [organizationId, setOrganizationId] = useState('');
  const { data, loading, error, refetch } = useQuery(WebhooksDocument, { variables: isAdmin ? { organizationId } : {}, skip: isAdmin && !organizationId });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<Endpoint | null>(null);
  const [rotate] = useMutation(RotateWebhookSecretDocument);
  const [remove] = useMutation(DeleteWebhookDocument);
  const action = useAction();
  const canChange = !isAdmin;

  const doRotate = async (endpoint: Endpoint) => {
    const result = await action.run(() => rotate({ variables: { id: endpoint.id } }), (r) => r.data?.rotateWebhookEndpointSecret.errors);
    const value = result?.data?.rotateWebhookEndpointSecret.secret;
    if (value) onSecret(t('core.integrations.newSigningSecret'), value);
  };
  const doDelete = async () => {
    if (!deleting) return;
    const done = await action.run(() => remove({ variables: { id: deleting.id } }), (r) => r.data?.deleteWebhookEndpoint.errors);
    if (done) {
      notify(t('core.integrations.endpointDeleted'));
      setDeleting(null);
      void refetch();
    }
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {t('core.integrations.webhooks')}
          </Typography>
          {isAdmin ? (
            <Box sx={{ minWidth: 240 }}>
              <OrganizationSelect kind={null} value={organizationId} onChange={setOrganizationId} testId="webhook-organization" />
            </Box>
          ) : null}
          {canChange ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)} data-testid="webhook-create">
              {t('core.integrations.addEndpoint')}
            </Button>
          ) : null}
        </Box>
        {deleting ? null : action.alert}
        <ErrorAlert error={error} />
        {isAdmin && !organizationId ? (
          <Typography color="text.secondary">{t('core.integrations.chooseOrganization')}</Typography>
        ) : loading && !data ? (
          <Loading />
        ) : (data?.webhookEndpoints.length ?? 0) === 0 ? (
          <Typography color="text.secondary">{t('core.integrations.noEndpoints')}</Typography>
        ) : (
          <List aria-label={t('core.integrations.webhooks')}>
            {data?.webhookEndpoints.map((e) => (
              <ListItem
                key={e.id}
                divider
                data-testid="webhook-item"
                secondaryAction={
                  <Stack direction="row">
                    <Tooltip title={t('core.integrations.deliveries')}>
                      <IconButton aria-label={t('core.integrations.deliveriesOf', { url: e.url })} onClick={() => setDeliveriesOf(e)} data-testid="webhook-deliveries">
                        <ListAltIcon />
                      </IconButton>
                    </Tooltip>
                    {canChange ? (
                      <>
                        <Tooltip title={t('core.integrations.rotateSecret')}>
                          <IconButton aria-label={t('core.integrations.rotateSecretOf', { url: e.url })} onClick={() => void doRotate(e)} disabled={action.busy} data-testid="webhook-rotate">
                            <AutorenewIcon />
                          </IconButton>
                        </Tooltip>
                        <Tooltip title={t('core.integrations.deleteEndpoint')}>
                          <IconButton aria-label={t('core.integrations.deleteEndpointOf', { url: e.url })} onClick={() => setDeleting(e)} data-testid="webhook-delete">
                            <DeleteIcon />
                          </IconButton>
                        </Tooltip>
                      </>
                    ) : null}
                  </Stack>
                }
              >
                <ListItemText
                  sx={{ pr: 16 }}
                  primary={
                    <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                      <Box component="span" sx={{ wordBreak: 'break-all' }}>
                        {e.url}
                      </Box>
                      <StatusChip label={t(e.enabled ? 'core.integrations.enabled' : 'core.integrations.disabled')} value={e.enabled ? 'ENABLED' : 'DISABLED'} color={e.enabled ? 'success' : 'error'} testId="webhook-status" />
                    </Box>
                  }
                  secondary={
                    <>
                      <Box component="span" sx={{ display: 'block' }}>
                        {e.eventTypes.join(', ')}
                      </Box>
                      {e.description ? (
                        <Box component="span" sx={{ display: 'block' }}>
                          {e.description}
                        </Box>
                      ) : null}
                      {e.failingSince ? (
                        <Box component="span" sx={{ display: 'block' }}>
                          {t('core.integrations.failingSince', { date: format.dateTime(e.failingSince) })}
                        </Box>
                      ) : null}
                    </>
                  }
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
      {creating ? (
        <CreateEndpointDialog
          eventTypes={data?.webhookEventTypes ?? []}
          onClose={(value) => {
            setCreating(false);
            if (value) {
              onSecret(t('core.integrations.signingSecret'), value);
              void refetch();
            }
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('core.integrations.deleteEndpoint')}
        text={t('core.integrations.deleteEndpointText', { url: deleting?.url ?? '' })}
        confirmLabel={t('core.delete')}
        danger
        busy={action.busy}
        alert={action.alert}
        onConfirm={() => void doDelete()}
        onClose={() => {
          action.clear();
          setDeleting(null);
        }}
      />
      {deliveriesOf ? <DeliveriesDialog endpoint={deliveriesOf} canRedeliver={canChange} onClose={() => setDeliveriesOf(null)} /> : null}
    </Card>
  );
}

function CreateEndpointDialog({ eventTypes, onClose }: { eventTypes: readonly string[]; onClose(secret: string | null): void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('https://');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [create] = useMutation(CreateWebhookDocument);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(
      () => create({ variables: { input: { url: url.trim(), eventTypes: events, ...(description.trim() ? { description: description.trim() } : {}) } } }),
      (r) => r.data?.createWebhookEndpoint.errors,
    );
    const secret = result?.data?.createWebhookEndpoint.secret;
    if (secret) onClose(secret);
  };
  const eventsError = action.fieldProps('input.eventTypes');
  return (
    <Dialog open onClose={() => onClose(null)} aria-labelledby="webhook-dialog-title" maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="webhook-form">
        <DialogTitle id="webhook-dialog-title">{t('core.integrations.addEndpoint')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.integrations.url')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required {...action.fieldProps('input.url', t('core.integrations.urlHint'))} slotProps={{ htmlInput: { 'data-testid': 'webhook-url' } }} />
            <TextField label={t('core.integrations.description')} value={description} onChange={(e) => setDescription(e.target.value)} />
            <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
              <FormLabel component="legend" error={Boolean(eventsError.error)}>
                {t('core.integrations.events')}
              </FormLabel>
              <FormGroup sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }} data-testid="webhook-events">
                {eventTypes.map((type) => (
                  <FormControlLabel
                    key={type}
                    control={<Checkbox checked={events.includes(type)} onChange={(e) => setEvents((list) => (e.target.checked ? [...list, type] : list.filter((x) => x !== type)))} slotProps={{ input: { 'data-event': type } as object }} />}
                    label={type}
                  />
                ))}
              </FormGroup>
            </Box>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy || events.length === 0} data-testid="webhook-save">
            {t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

const SCOPES = ['read', 'write'] as const;

function ApiKeys({ onSecret, notify }: SectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useMiw();
  const { data, loading, error, refetch } = useQuery(ApiKeysDocument);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [create] = useMutation(CreateApiKeyDocument);
  const [revoke] = useMutation(RevokeApiKeyDocument);
  const action = useAction();
  // Only organizations' people and admins may hold keys (the API refuses the others).
  const mayCreate = session?.user.role === 'ADMIN' || session?.user.role === 'PARTNER' || session?.user.role === 'LOGISTICS';

  /** The API has no rotation: a new key with the same name and scopes, then the old one revoked. */
  const doRotate = async (key: ApiKey) => {
    const created = await action.run(() => create({ variables: { input: { name: key.name, scopes: [...key.scopes] } } }), (r) => r.data?.createApiKey.errors);
    const value = created?.data?.createApiKey.key;
    if (!value) return;
    await action.run(() => revoke({ variables: { id: key.id } }), (r) => r.data?.revokeApiKey.errors);
    void refetch();
    onSecret(t('core.integrations.newApiKey'), value);
  };
  const doRevoke = async () => {
    if (!revoking) return;
    const done = await action.run(() => revoke({ variables: { id: revoking.id } }), (r) => r.data?.revokeApiKey.errors);
    if (done) {
      notify(t('core.integrations.keyRevoked', { name: revoking.name }));
      setRevoking(null);
      void refetch();
    }
  };
  const keys = data?.myApiKeys ?? [];
  return (
    <Card variant="outlined">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {t('core.integrations.apiKeys')}
          </Typography>
          {mayCreate ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)} data-testid="apikey-create">
              {t('core.integrations.createKey')}
            </Button>
          ) : null}
        </Box>
        {revoking ? null : action.alert}
        <ErrorAlert error={error} />
        {loading && !data ? (
          <Loading />
        ) : keys.length === 0 ? (
          <Typography color="text.secondary">{t('core.integrations.noKeys')}</Typography>
        ) : (
          <List aria-label={t('core.integrations.apiKeys')}>
            {keys.map((k) => (
              <ListItem
                key={k.id}
                divider
                data-testid="apikey-item"
                data-revoked={k.revokedAt ? 'true' : 'false'}
                secondaryAction={
                  k.revokedAt ? null : (
                    <Stack direction="row">
                      <Tooltip title={t('core.integrations.rotateKey')}>
                        <IconButton aria-label={t('core.integrations.rotateKeyOf', { name: k.name })} onClick={() => void doRotate(k)} disabled={action.busy} data-testid="apikey-rotate">
                          <AutorenewIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={t('core.integrations.revokeKey')}>
                        <IconButton aria-label={t('core.integrations.revokeKeyOf', { name: k.name })} onClick={() => setRevoking(k)} data-testid="apikey-revoke">
                          <DeleteIcon />
                        </IconButton>
                      </Tooltip>
                    </Stack>
                  )
                }
              >
                <ListItemText
                  sx={{ pr: 12 }}
                  primary={
                    <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                      {k.name}
                      <Box component="code">{k.prefix}…</Box>
                      {k.revokedAt ? <StatusChip label={t('core.integrations.revoked')} value="REVOKED" testId="apikey-status" /> : null}
                    </Box>
                  }
                  secondary={t('core.integrations.keyLine', {
                    scopes: k.scopes.join(', '),
                    created: format.dateTime(k.createdAt),
                    used: k.lastUsedAt ? format.dateTime(k.lastUsedAt) : t('core.integrations.never'),
                  })}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
      {creating ? (
        <CreateKeyDialog
          onClose={(value) => {
            setCreating(false);
            if (value) {
              onSecret(t('core.integrations.newApiKey'), value);
              void refetch();
            }
          }}
        />
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        title={t('core.integrations.revokeKey')}
        text={t('core.integrations.revokeKeyText', { name: revoking?.name ?? '' })}
        confirmLabel={t('core.integrations.revokeKey')}
        danger
        busy={action.busy}
        alert={action.alert}
        onConfirm={() => void doRevoke()}
        onClose={() => {
          action.clear();
          setRevoking(null);
        }}
      />
    </Card>
  );
}

function CreateKeyDialog({ onClose }: { onClose(key: string | null): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [create] = useMutation(CreateApiKeyDocument);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(() => create({ variables: { input: { name: name.trim(), scopes } } }), (r) => r.data?.createApiKey.errors);
    const key = result?.data?.createApiKey.key;
    if (key) onClose(key);
  };
  return (
    <Dialog open onClose={() => onClose(null)} aria-labelledby="apikey-dialog-title" maxWidth="xs" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="apikey-form">
        <DialogTitle id="apikey-dialog-title">{t('core.integrations.createKey')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.integrations.keyName')} value={name} onChange={(e) => setName(e.target.value)} required {...action.fieldProps('input.name')} slotProps={{ htmlInput: { maxLength: 120, 'data-testid': 'apikey-name' } }} />
            <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
              <FormLabel component="legend">{t('core.integrations.scopes')}</FormLabel>
              <FormGroup row>
                {SCOPES.map((s) => (
                  <FormControlLabel key={s} control={<Checkbox checked={scopes.includes(s)} onChange={(e) => setScopes((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))} />} label={t(`core.integrations.scopeNames.${s}`)} />
                ))}
              </FormGroup>
            </Box>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy || scopes.length === 0} data-testid="apikey-save">
            {t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
