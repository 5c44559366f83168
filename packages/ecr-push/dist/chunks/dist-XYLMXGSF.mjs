import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);
import{d as a}from"./chunk-34XDZZOO.mjs";import"./chunk-3H7F4M3L.mjs";export default a();
