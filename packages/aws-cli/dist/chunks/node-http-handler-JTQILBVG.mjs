import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{a as o}from"./chunk-H7OAAIRG.mjs";import"./chunk-PW7JGWWO.mjs";import{w as e}from"./chunk-6TDCFI3J.mjs";import"./chunk-N675673W.mjs";import"./chunk-CXFQ5CTO.mjs";export{o as NodeHttpHandler,e as streamCollector};
