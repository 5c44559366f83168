// The STS client and the commands the chain sends, in one module that sts-session imports lazily.
// Importing the package itself would keep every export of it in the bundle's STS chunk (a dynamic
// import cannot be tree-shaken): naming the few we use keeps the chunk, and the start, small.
export { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, } from '@aws-sdk/client-sts';
