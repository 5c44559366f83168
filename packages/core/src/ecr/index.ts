// Public surface of the ecr capability's AWS logic (owned by the ecr work).
export {};
