// Public surface of the ssm capability's AWS logic (owned by the ssm work).
export {};
