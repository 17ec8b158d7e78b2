// The one place cdktf is imported. Moving to the community fork (cdktn) changes only this file.
export * from 'cdktf';
