export declare const mainTf: (context: object) => string;
