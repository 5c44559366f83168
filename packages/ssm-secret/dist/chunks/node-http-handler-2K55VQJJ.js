import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{a as e}from"./chunk-NBE2CXUO.js";import"./chunk-5NPAAO4R.js";import"./chunk-CVWMJBT4.js";import"./chunk-SKWNSY6D.js";import"./chunk-EO4V6CHG.js";export{e as NodeHttpHandler};
