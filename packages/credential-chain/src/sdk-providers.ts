// The SDK's credential providers the chain uses for sources 6-7, in one module that the chain
// imports lazily: a run that gets its credentials from inputs or OIDC never loads them.
export {
  fromContainerMetadata,
  fromIni,
  fromInstanceMetadata,
  fromProcess,
  fromSSO,
} from '@aws-sdk/credential-providers';
