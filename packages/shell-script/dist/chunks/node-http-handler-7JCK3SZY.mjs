import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{a as e}from"./chunk-UPPM2UCI.mjs";import"./chunk-B2LAUJY5.mjs";import"./chunk-4MNS2H4Q.mjs";import"./chunk-N675673W.mjs";import"./chunk-CXFQ5CTO.mjs";export{e as NodeHttpHandler};
