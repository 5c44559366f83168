import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{a as o}from"./chunk-HJQZGAQS.mjs";import"./chunk-ZJ3S2VHY.mjs";import{w as e}from"./chunk-6TDCFI3J.mjs";import"./chunk-N675673W.mjs";import"./chunk-3H7F4M3L.mjs";export{o as NodeHttpHandler,e as streamCollector};
