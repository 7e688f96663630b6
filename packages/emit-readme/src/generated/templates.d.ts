export declare const readmeMd: (context: object) => string;
