export declare const createTablePs1: (context: object) => string;
