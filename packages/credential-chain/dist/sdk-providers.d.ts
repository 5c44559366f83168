export { fromContainerMetadata, fromIni, fromInstanceMetadata, fromProcess, fromSSO, } from '@aws-sdk/credential-providers';
