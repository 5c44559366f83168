import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{a as b,b as c,c as d}from"./chunk-I4FMLPVB.js";import"./chunk-7EWJQB5Z.js";import{w as a}from"./chunk-7MRUDUKT.js";import"./chunk-SKWNSY6D.js";import"./chunk-EO4V6CHG.js";export{b as DEFAULT_REQUEST_TIMEOUT,d as NodeHttp2Handler,c as NodeHttpHandler,a as streamCollector};
