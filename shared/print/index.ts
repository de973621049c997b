export * from "./setup";
export * from "./signature";
