"""党建总结助手: guided writing of 党建工作总结 and 述职报告."""
