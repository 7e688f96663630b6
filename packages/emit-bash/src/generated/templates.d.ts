export declare const createTableSh: (context: object) => string;
